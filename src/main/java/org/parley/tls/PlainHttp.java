package org.parley.tls;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.parley.web.JettyErrors;

/**
 * The plain-HTTP listener next to HTTPS: answers ACME HTTP-01 challenges (RFC 8555 §8.3) at
 * {@code /.well-known/acme-challenge/TOKEN} and redirects everything else to the same host and
 * path over HTTPS (301). It serves nothing else, so nothing leaks unencrypted. Its own small Jetty
 * server keeps it apart from the app's routes, filters and headers; only its errors are the app's
 * JSON ones.
 */
public final class PlainHttp implements AutoCloseable {
    static final String CHALLENGE_PATH = "/.well-known/acme-challenge/";

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param challenges the key authorization for a token, or null when none is pending
     * @param httpsPort  where redirects point (the default 443 is left out of the URL)
     */
    public PlainHttp(String host, int port, int httpsPort, Function<String, String> challenges) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("parley-plain-http");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // Its refusals (a challenge not pending, a request Jetty cannot parse) look like the app's.
        server.setErrorHandler(new JettyErrors());
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (path != null && path.startsWith(CHALLENGE_PATH)) {
                    String answer = challenges.apply(path.substring(CHALLENGE_PATH.length()));
                    if (answer == null) {
                        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    } else {
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                        response.write(true, java.nio.ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)), callback);
                    }
                    return true;
                }
                String target = "https://" + hostOnly(Request.getServerName(request))
                        + (httpsPort == 443 ? "" : ":" + httpsPort) + request.getHttpURI().getPathQuery();
                response.setStatus(HttpStatus.MOVED_PERMANENTLY_301);
                response.getHeaders().put(HttpHeader.LOCATION, target);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                callback.succeeded();
                return true;
            }
        });
        server.start();
    }

    /** IPv6 literals go back into brackets; anything else is used as the client sent it. */
    private static String hostOnly(String name) {
        return name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
