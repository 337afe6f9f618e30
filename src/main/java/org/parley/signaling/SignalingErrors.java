package org.parley.signaling;

import org.parley.signaling.protocol.CloseCode;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a refused or failed message becomes what the client sees: an {@code error} reply,
 * then the close its code calls for (protocol error 1002, policy 1008, size 1009, fault 1011).
 */
final class SignalingErrors {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingErrors.class);

    private SignalingErrors() {}

    static void reply(Connection connection, ErrorCode code, String message, String ref) {
        SignalingCounters.error(code);
        connection.send(ServerMessage.Error.of(code, message, ref));
        code.close().ifPresent(close -> connection.close(close, code.code()));
    }

    static void internal(Connection connection, RuntimeException e) {
        LOG.error("signaling fault", e);
        SignalingCounters.error(ErrorCode.INTERNAL);
        connection.send(ServerMessage.Error.of(ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage(), null));
        connection.close(CloseCode.INTERNAL_ERROR, ErrorCode.INTERNAL.code());
    }
}
