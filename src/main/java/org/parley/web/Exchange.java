package org.parley.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.parley.signaling.protocol.Codec;

/**
 * One HTTP request and its response, as the routes see them: headers in, a status, headers and
 * one body out. The response is complete once one of the {@code send} methods returned.
 */
public final class Exchange {
    /** The largest request body a route reads (room names, Telegram updates): anything bigger is refused. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private boolean sent;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** The decoded path, without the query. */
    public String path() {
        return Request.getPathInContext(request);
    }

    /** A request header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The address of the other end of the TCP connection (a proxy's, behind one). */
    public String remoteAddr() {
        return Request.getRemoteAddr(request);
    }

    /** The request body as UTF-8 text; a body over {@link #MAX_BODY_BYTES} is a 413. */
    public String body() throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw new HttpException(413, "body-too-large", "The request body is too large");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpException(413, "body-too-large", "The request body is too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Sets a response header (before a {@code send}). */
    public Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    boolean sent() {
        return sent;
    }

    /** Answers {@code status} with {@code body} as JSON. */
    public void json(int status, Object body) throws IOException {
        send(status, "application/json", Codec.mapper().writeValueAsBytes(body));
    }

    /** Answers {@code status} with a UTF-8 text body of the given type. */
    public void text(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code status} with no body. */
    public void empty(int status) {
        send(status, null, (ByteBuffer) null);
    }

    public void send(int status, String contentType, byte[] body) {
        send(status, contentType, body == null ? null : ByteBuffer.wrap(body));
    }

    /** Answers with a body that is already encoded (a cached file); {@code body} is not changed. */
    void send(int status, String contentType, ByteBuffer body) {
        sent = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        int length = body == null ? 0 : body.remaining();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        response.write(true, body == null ? null : body.slice(), callback);
    }

    /** Whether the response headers may still change (nothing was written yet). */
    boolean uncommitted() {
        return !response.isCommitted();
    }

    void fail(Throwable cause) {
        callback.failed(cause);
    }
}
