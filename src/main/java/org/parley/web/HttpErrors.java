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
        config.routes.exception(RoomException.class, (e, ctx) -> error(ctx,
                e.code() == ErrorCode.TOO_MANY_ATTEMPTS ? 429 : 503, e.code().code(), e.getMessage()));
        config.routes.exception(HttpResponseException.class,
                (e, ctx) -> error(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("HTTP handler fault on {}", ctx.path(), e);
            error(ctx, 500, "internal", "Internal server error");
        });
        config.routes.error(404, "application/json", ctx -> error(ctx, 404, "not-found", "Not found"));
    }

    static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("code", code, "message", message));
    }
}
