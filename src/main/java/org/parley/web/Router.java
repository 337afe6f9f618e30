package org.parley.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP side of Parley on Jetty's core API: a table of exact method-and-path routes, the
 * static app for every other GET, the security headers on every answer, and {@link HttpErrors}
 * for every failure. All routes are registered before the server starts, so the table is only
 * read while serving.
 *
 * <p>Requests are answered on the I/O thread that read them, as signaling sockets are (no
 * hand-off to another thread per request, and the WebSocket upgrade in front of this handler
 * runs there too), so that is where {@link #get} routes and the files run: they answer from
 * memory. Routes that may block, reading a request body or doing slow work once, run on a
 * virtual thread of their own ({@link #post}, {@link #getBlocking}).
 */
public final class Router extends Handler.Abstract.NonBlocking {
    private record Entry(Route route, boolean blocking) {}

    private final Map<String, Map<String, Entry>> routes = new HashMap<>();
    private final StaticFiles files = new StaticFiles("web");

    /** A route that answers from memory, on the I/O thread. */
    public Router get(String path, Route route) {
        return add("GET", path, new Entry(route, false));
    }

    /** A short address for one of the app's files, served like the file itself (ETag, gzip). */
    public Router file(String path, String name) {
        return get(path, exchange -> {
            if (!files.serve(exchange, name)) {
                throw new HttpException(404, "not-found", "Not found");
            }
        });
    }

    /** A GET route that may block: on a virtual thread. */
    public Router getBlocking(String path, Route route) {
        return add("GET", path, new Entry(route, true));
    }

    /** A POST route (it reads the body, which may block): on a virtual thread. */
    public Router post(String path, Route route) {
        return add("POST", path, new Entry(route, true));
    }

    private Router add(String method, String path, Entry entry) {
        if (routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, entry) != null) {
            throw new IllegalStateException("two routes for " + method + " " + path);
        }
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback);
        try {
            SecurityHeaders.apply(exchange);
            String method = request.getMethod();
            Map<String, Entry> byMethod = routes.get(exchange.path());
            Entry entry = byMethod == null ? null : byMethod.get("HEAD".equals(method) ? "GET" : method);
            if (entry != null && entry.blocking()) {
                Thread.ofVirtual().name("parley-http").start(() -> serve(exchange, entry.route()));
                return true;
            }
            if (entry != null) {
                serve(exchange, entry.route());
            } else if (byMethod != null) {
                Set<String> allowed = new TreeSet<>(byMethod.keySet());
                exchange.header("Allow", String.join(", ", allowed));
                throw new HttpException(405, "method-not-allowed", "This address takes " + String.join(", ", allowed));
            } else if (!(("GET".equals(method) || "HEAD".equals(method)) && files.serve(exchange))) {
                throw new HttpException(404, "not-found", "Not found");
            }
        } catch (Throwable e) {
            HttpErrors.send(exchange, e);
        }
        return true;
    }

    private static void serve(Exchange exchange, Route route) {
        try {
            route.handle(exchange);
            if (!exchange.sent()) {
                exchange.empty(200);
            }
        } catch (Throwable e) {
            HttpErrors.send(exchange, e);
        }
    }
}
