package org.parley.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.parley.room.RoomException;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.OriginRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one HTTP error mapper: every failure is a JSON body {@code {code, message}} and a status. */
final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    static void register(JavalinConfig config) {
        config.routes.exception(OriginRefusedException.class,
                (e, ctx) -> error(ctx, 403, "origin-not-allowed", "This page's origin may not open the signaling socket"));
        config.routes.exception(RoomException.class, (e, ctx) -> {
            int status = status(e.code());
            if (status == 401) {
                // RFC 6750 §3: say which scheme is wanted, and whether the token given was bad.
                ctx.header("WWW-Authenticate", e.code() == ErrorCode.AUTH_REQUIRED
                        ? "Bearer realm=\"parley\"" : "Bearer realm=\"parley\", error=\"invalid_token\"");
            }
            error(ctx, status, e.code().code(), e.getMessage());
        });
        config.routes.exception(HttpResponseException.class,
                (e, ctx) -> error(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("HTTP handler fault on {}", ctx.path(), e);
            error(ctx, 500, "internal", "Internal server error");
        });
        config.routes.error(404, "application/json", ctx -> error(ctx, 404, "not-found", "Not found"));
    }

    private static int status(ErrorCode code) {
        return switch (code) {
            case TOO_MANY_ATTEMPTS -> 429;
            case AUTH_REQUIRED, AUTH_INVALID, AUTH_EXPIRED -> 401;
            case AUTH_WRONG_ROOM -> 403;
            case BAD_ROOM, BAD_JSON, BAD_MESSAGE -> 400;
            default -> 503;
        };
    }

    static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("code", code, "message", message));
    }
}
