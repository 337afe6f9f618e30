package org.parley.web;

import java.io.IOException;
import java.util.Map;
import org.parley.auth.Access;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.room.AttemptLimiter;
import org.parley.room.RoomNames;
import org.parley.room.RoomException;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.turn.IceServers;
import java.util.function.Supplier;

/** The small REST API, the health and metrics endpoints and the connectivity check page. */
public final class WebApp {
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

    /**
     * Fresh ICE servers (TURN credentials are minted per call), e.g. before an ICE restart. Under
     * {@code --auth join} only for a bearer token that opens some room, as entering needs one.
     */
    private void iceServers(Exchange ctx) throws IOException, RoomException {
        ctx.header("Cache-Control", "no-store");
        try {
            access.relay(bearer(ctx));
        } catch (RoomException e) {
            Refusals.record(Refusal.TURN_CREDENTIALS);
            throw e;
        }
        ctx.json(200, Map.of("iceServers", ice.forSession()));
    }

    private void ready(Exchange ctx) throws IOException {
        Readiness r = readiness.get();
        ctx.json(r.ready() ? 200 : 503, Map.of("ready", r.ready(), "checks", r.checks()));
    }

    /**
     * Creates a numeric room and returns its code and key (and link, with {@code --base-url}). Each
     * creation counts against the caller's address like a failed entry, so that reserving rooms
     * cannot exhaust the code space. With access control on, the bearer token must allow it, and
     * a body {@code {"name": "team-standup"}} asks for that named room's standing link instead
     * (a trusted path: only a token that opens the room gets its standing key).
     */
    private void createRoom(Exchange ctx) throws RoomException, IOException {
        String address = proxies.client(ctx.remoteAddr(), ctx.header("X-Forwarded-For"));
        if (!attempts.charge(address)) {
            Refusals.record(Refusal.LOCKED_OUT);
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
        ctx.json(201, body);
    }

    /** The token of {@code Authorization: Bearer TOKEN} (RFC 6750 §2.1), or null. */
    private static String bearer(Exchange ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    public void register(Router router) {
        router.post("/api/rooms", this::createRoom)
                .get("/api/ice-servers", this::iceServers)
                // The connectivity check page at a short address a host can say aloud ("open /check"):
                // the static check.html, whose own links are absolute so that both paths work.
                .file("/check", "check.html")
                .get("/healthz", ctx -> ctx.text(200, "text/plain; charset=utf-8", "ok"))
                .get("/readyz", this::ready)
                .getBlocking("/metrics", ctx -> ctx.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    }
}
