package org.parley.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.parley.room.Rooms;

/** The static app, the small REST API and the headers every response carries. */
public final class WebApp {
    private final Rooms rooms;

    public WebApp(Rooms rooms) {
        this.rooms = rooms;
    }

    public void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            // No build step means no hashed file names: revalidate every time (cheap with ETags).
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        config.routes.before(SecurityHeaders::apply);
        config.routes.post("/api/rooms", ctx -> ctx.status(201).json(Map.of("room", rooms.create())));
        config.routes.get("/healthz", ctx -> ctx.result("ok"));
        HttpErrors.register(config);
    }
}
