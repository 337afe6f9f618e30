package org.parley.web;

import java.util.Map;
import org.parley.room.RoomException;
import org.parley.signaling.OriginRefusedException;
import org.parley.signaling.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one HTTP error mapper: every failure is a JSON body {@code {code, message}} and a status. */
final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    static void send(Exchange exchange, Throwable failure) {
        if (exchange.sent() || !exchange.uncommitted()) {
            LOG.warn("HTTP handler failed after answering {}: {}", exchange.path(), failure.toString());
            if (!exchange.sent()) {
                exchange.fail(failure);
            }
            return;
        }
        switch (failure) {
            case OriginRefusedException e ->
                    error(exchange, 403, "origin-not-allowed", "This page's origin may not open the signaling socket");
            case RoomException e -> {
                int status = status(e.code());
                String challenge = status != 401 ? null : e.code() == ErrorCode.AUTH_REQUIRED
                        // RFC 6750 §3: say which scheme is wanted, and whether the token given was bad.
                        ? "Bearer realm=\"parley\"" : "Bearer realm=\"parley\", error=\"invalid_token\"";
                if (challenge != null) {
                    exchange.header("WWW-Authenticate", challenge);
                }
                error(exchange, status, e.code().code(), e.getMessage());
            }
            case HttpException e -> error(exchange, e.status(), e.code(), e.getMessage());
            default -> {
                LOG.error("HTTP handler fault on {}", exchange.path(), failure);
                error(exchange, 500, "internal", "Internal server error");
            }
        }
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

    private static void error(Exchange exchange, int status, String code, String message) {
        try {
            exchange.json(status, Map.of("code", code, "message", message));
        } catch (Exception e) {
            exchange.fail(e);
        }
    }
}
