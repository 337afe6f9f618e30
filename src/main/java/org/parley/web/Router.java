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
 * for every failure. Routes may block (they run on virtual threads); they are all registered
 * before the server starts, so the table is only read while serving.
 */
public final class Router extends Handler.Abstract {
    private final Map<String, Map<String, Route>> routes = new HashMap<>();
    private final StaticFiles files = new StaticFiles("web");

    public Router get(String path, Route route) {
        return add("GET", path, route);
    }

    public Router post(String path, Route route) {
        return add("POST", path, route);
    }

    private Router add(String method, String path, Route route) {
        if (routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, route) != null) {
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
            Map<String, Route> byMethod = routes.get(exchange.path());
            Route route = byMethod == null ? null : byMethod.get("HEAD".equals(method) ? "GET" : method);
            if (route != null) {
                route.handle(exchange);
            } else if (byMethod != null) {
                Set<String> allowed = new TreeSet<>(byMethod.keySet());
                exchange.header("Allow", String.join(", ", allowed));
                throw new HttpException(405, "method-not-allowed", "This address takes " + String.join(", ", allowed));
            } else if (!(("GET".equals(method) || "HEAD".equals(method)) && files.serve(exchange))) {
                throw new HttpException(404, "not-found", "Not found");
            }
            if (!exchange.sent()) {
                exchange.empty(200);
            }
        } catch (Throwable e) {
            HttpErrors.send(exchange, e);
        }
        return true;
    }
}
