package org.parley.web;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler ({@link Server#setErrorHandler}): the answers Jetty writes by itself, most
 * of them before any route runs (a request line, URI or header it cannot parse, a URI or headers
 * over its 8 KiB buffer, an HTTP version it does not speak), in the shape of every other failure:
 * the security headers and a JSON {@code {code, message}}, as {@link HttpErrors} answers for the
 * routes. Codes and messages are ours, fixed per status: Jetty's reason may quote the request
 * (a character it refused, a header name), and an error page must not echo input back.
 */
public final class JettyErrors implements Request.Handler {
    private record Error(String code, String message) {}

    /**
     * The statuses Jetty answers by itself (404, 405, 413 and 500 with the routes' codes, for when
     * it does): 400 for what does not parse, 414 and 431 over the 8 KiB header buffer, 417 for an
     * Expect other than 100-continue, 426 for HTTP/2 on this HTTP/1.1 listener, 505 for another
     * HTTP version, 503 when it cannot take a request.
     */
    private static final Map<Integer, Error> BY_STATUS = Map.ofEntries(
            Map.entry(400, new Error("bad-request", "The request is malformed")),
            Map.entry(404, new Error("not-found", "Not found")),
            Map.entry(405, new Error("method-not-allowed", "This method is not allowed here")),
            Map.entry(413, new Error("body-too-large", "The request body is too large")),
            Map.entry(414, new Error("uri-too-long", "The request address is too long")),
            Map.entry(417, new Error("expectation-failed", "Only Expect: 100-continue is supported")),
            Map.entry(426, new Error("upgrade-required", "This server speaks HTTP/1.1")),
            Map.entry(431, new Error("headers-too-large", "The request headers are too large")),
            Map.entry(500, new Error("internal", "Internal server error")),
            Map.entry(503, new Error("unavailable", "The server cannot answer now")),
            Map.entry(505, new Error("http-version-not-supported", "This HTTP version is not supported")));

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        Exchange exchange = new Exchange(request, response, callback);
        SecurityHeaders.apply(exchange);
        // An error is about one request: no cache keeps it for the next (as Jetty's own pages).
        exchange.header("Cache-Control", "no-store");
        if (HttpStatus.hasNoBody(status)) {
            response.setStatus(status);
            response.write(true, null, callback);
            return true;
        }
        // A status not in the table is still a client's or a server's fault: the general code of its class.
        Error error = BY_STATUS.getOrDefault(status, BY_STATUS.get(status < 500 ? 400 : 500));
        try {
            exchange.json(status, Map.of("code", error.code(), "message", error.message()));
        } catch (IOException e) {
            exchange.fail(e);
        }
        return true;
    }
}
