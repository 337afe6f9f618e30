package org.parley.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import io.javalin.http.Context;
import org.parley.auth.Access;
import org.parley.room.AttemptLimiter;
import org.parley.room.RoomNames;
import org.parley.room.RoomException;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.turn.IceServers;
import java.util.function.Supplier;

/** The static app, the small REST API and the headers every response carries. */
public final class WebApp {
    /** Where the build puts the page's bundles; absent when the app runs from unbuilt sources. */
    private static final String ASSETS = "/web/assets";

    private final Rooms rooms;
    private final AttemptLimiter attempts;
    private final IceServers ice;
    private final Supplier<Readiness> readiness;
    private final Access access;
    private final String baseUrl;
    private final Supplier<String> metrics;
    private final TrustedProxies proxies;

    public WebApp(Rooms rooms, AttemptLimiter attempts, Access access, IceServers ice, String baseUrl,
                  Supplier<Readiness> readiness, Supplier<String> metrics, TrustedProxies proxies) {
        this.proxies = proxies;
        this.metrics = metrics;
        this.rooms = rooms;
        this.attempts = attempts;
        this.access = access;
        this.baseUrl = baseUrl;
        this.ice = ice;
        this.readiness = readiness;
    }

    /** Fresh ICE servers (TURN credentials are minted per call), e.g. before an ICE restart. */
    private void iceServers(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("iceServers", ice.forSession()));
    }

    /**
     * The connectivity check page at a short address a host can say aloud ("open /check"); it is
     * the static {@code check.html}, whose own links are absolute so that both paths work.
     */
    private void checkPage(Context ctx) throws IOException {
        try (InputStream page = WebApp.class.getResourceAsStream("/web/check.html")) {
            if (page == null) {
                throw new IllegalStateException("web/check.html is missing from the classpath");
            }
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType("text/html; charset=utf-8").result(page.readAllBytes());
        }
    }

    private void ready(Context ctx) {
        Readiness r = readiness.get();
        ctx.status(r.ready() ? 200 : 503).json(Map.of("ready", r.ready(), "checks", r.checks()));
    }

    /**
     * Creates a numeric room and returns its code and key (and link, with {@code --base-url}). Each
     * creation counts against the caller's address like a failed entry, so that reserving rooms
     * cannot exhaust the code space. With access control on, the bearer token must allow it, and
     * a body {@code {"name": "team-standup"}} asks for that named room's standing link instead
     * (a trusted path: only a token that opens the room gets its standing key).
     */
    private void createRoom(Context ctx) throws RoomException {
        String address = proxies.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!attempts.charge(address)) {
            throw new RoomException(ErrorCode.TOO_MANY_ATTEMPTS);
        }
        String name = RoomRequest.name(ctx.body());
        if (name != null && !access.enabled()) {
            throw new RoomException(ErrorCode.AUTH_REQUIRED,
                    "Standing links of named rooms are handed out only with access control on (--auth)");
        }
        access.create(bearer(ctx), name);
        String room;
        String key;
        if (name == null) {
            Rooms.Created created = rooms.create();
            room = created.code();
            key = created.key();
        } else {
            key = rooms.standingKey(name);
            room = RoomNames.normalize(name).orElseThrow();
        }
        Map<String, String> body = new java.util.LinkedHashMap<>(Map.of("room", room, "key", key));
        if (!baseUrl.isEmpty()) {
            body.put("link", baseUrl + "/?room=" + room + "#" + key);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(body);
    }

    /** The token of {@code Authorization: Bearer TOKEN} (RFC 6750 §2.1), or null. */
    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    public void register(JavalinConfig config) {
        if (WebApp.class.getResource(ASSETS + "/") != null) {
            // The build's bundles (WebBundle): their names change with their content, so a browser
            // may keep them for good; the index.html that names them is revalidated on every load.
            // Added first, so that it answers for /assets/ before the catch-all below.
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = ASSETS;
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
            });
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            // Source modules and pages keep their names: revalidate every time (cheap with ETags).
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        config.routes.before(SecurityHeaders::apply);
        config.routes.post("/api/rooms", this::createRoom);
        config.routes.get("/api/ice-servers", this::iceServers);
        config.routes.get("/check", this::checkPage);
        config.routes.get("/healthz", ctx -> ctx.result("ok"));
        config.routes.get("/readyz", this::ready);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.get()));
        HttpErrors.register(config);
    }
}
