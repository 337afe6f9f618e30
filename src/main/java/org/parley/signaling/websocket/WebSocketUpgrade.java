package org.parley.signaling.websocket;

import java.util.Base64;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.parley.limits.MemoryBudget;

/**
 * Turns an HTTP/1.1 request for one path into a {@link WebSocket} (RFC 6455 §4.2), in front of
 * the web app. Only a valid opening handshake that the {@link Gate} lets in is upgraded; every
 * other request for the path (no Upgrade header, a wrong version, a refused Origin) goes on to the
 * web app, whose route and error mapper give it a status and a typed error body.
 */
public final class WebSocketUpgrade extends Handler.Wrapper {
    /** Decides on a handshake: null refuses it, otherwise what makes the socket's listener once it is open. */
    public interface Gate {
        Function<WebSocket, WebSocket.Listener> admit(Request request);
    }

    /**
     * What each socket may hold.
     *
     * @param maxMessageBytes the largest message read; a bigger one closes the socket with 1009
     * @param queueLimit      messages that may wait to be written before the client counts as stuck
     * @param queueBytes      bytes that may wait to be written before the client counts as stuck
     * @param budget          the process-wide budget every socket's waiting and partly read bytes come from
     */
    public record Bounds(int maxMessageBytes, int queueLimit, long queueBytes, MemoryBudget budget) {}

    private final String path;
    private final Bounds bounds;
    private final long idleTimeoutMillis;
    private final Gate gate;

    /** @param idleTimeoutMillis a socket silent this long is cut (a backstop behind the application's heartbeat) */
    public WebSocketUpgrade(String path, Bounds bounds, long idleTimeoutMillis, Gate gate) {
        this.path = path;
        this.bounds = bounds;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.gate = gate;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!path.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        var opener = isOpeningHandshake(request) ? gate.admit(request) : null;
        if (opener == null) {
            // The web app takes a request with WebSocket headers as its own WebSocket business:
            // without them, it is a plain GET that its route answers.
            return super.handle(withoutUpgrade(request), response, callback);
        }
        var meta = request.getConnectionMetaData();
        Connector connector = meta.getConnector();
        var endPoint = meta.getConnection().getEndPoint();
        WebSocket socket = new WebSocket(endPoint, connector.getExecutor(), connector.getByteBufferPool(), bounds, opener);
        // Jetty switches the endpoint to the socket once the 101 is written (as its own handshaker does).
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, socket);
        endPoint.setIdleTimeout(idleTimeoutMillis);
        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.UPGRADE, "websocket");
        headers.put(HttpHeader.CONNECTION, "Upgrade");
        headers.put(HttpHeader.SEC_WEBSOCKET_ACCEPT, Frames.accept(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY)));
        response.write(true, null, callback);
        return true;
    }

    private static Request withoutUpgrade(Request request) {
        HttpFields plain = HttpFields.build(request.getHeaders())
                .remove(HttpHeader.UPGRADE).remove(HttpHeader.CONNECTION).remove(HttpHeader.SEC_WEBSOCKET_VERSION)
                .remove(HttpHeader.SEC_WEBSOCKET_KEY).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return plain;
            }
        };
    }

    /** §4.2.1: GET over HTTP/1.1 with Upgrade: websocket, Connection: Upgrade, version 13 and a 16-byte key. */
    static boolean isOpeningHandshake(Request request) {
        if (!HttpMethod.GET.is(request.getMethod())
                || !HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())) {
            return false;
        }
        HttpFields h = request.getHeaders();
        if (!h.contains(HttpHeader.UPGRADE, "websocket") || !h.contains(HttpHeader.CONNECTION, "upgrade")
                || !"13".equals(h.get(HttpHeader.SEC_WEBSOCKET_VERSION))) {
            return false;
        }
        String key = h.get(HttpHeader.SEC_WEBSOCKET_KEY);
        try {
            return key != null && Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
