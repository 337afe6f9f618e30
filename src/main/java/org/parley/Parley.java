package org.parley;

import io.javalin.Javalin;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.config.Config;
import org.parley.config.ServerSecret;
import org.parley.room.AttemptLimiter;
import org.parley.room.RoomKeys;
import org.parley.room.Rooms;
import org.parley.signaling.SignalingEndpoint;
import org.parley.turn.IceServers;
import org.parley.web.WebApp;

/** The wiring: one process with the web app, the REST API and signaling. */
public final class Parley implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final Rooms rooms;
    private final AttemptLimiter attempts;
    private final SignalingEndpoint signaling;
    private final Javalin http;

    private Parley(Config config) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("parley-timer").daemon().factory());
        rooms = new Rooms(config.roomCapacity(), config.codeLength(), config.roomGrace(),
                new RoomKeys(ServerSecret.load(config)), scheduler);
        attempts = new AttemptLimiter(config.joinFailuresBurst(), config.joinFailuresPerMinute());
        scheduler.scheduleAtFixedRate(attempts::sweep, 1, 1, TimeUnit.MINUTES);
        // The embedded STUN/TURN server will provide its own IceServers with per-session credentials.
        IceServers ice = IceServers.fixed(config.iceServers());
        signaling = new SignalingEndpoint(config, rooms, attempts, ice, scheduler);
        WebApp web = new WebApp(rooms, attempts);
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            web.register(c);
            signaling.register(c);
        });
    }

    public static Parley start(Config config) {
        Parley parley = new Parley(config);
        parley.http.start();
        return parley;
    }

    public int port() {
        return http.port();
    }

    public Rooms rooms() {
        return rooms;
    }

    public AttemptLimiter.Stats attemptStats() {
        return attempts.stats();
    }

    public int connectionCount() {
        return signaling.connectionCount();
    }

    /** Peers whose socket dropped and whose place is kept for them to resume. */
    public int awayCount() {
        return signaling.awayCount();
    }

    @Override
    public void close() {
        signaling.close();
        http.stop();
        scheduler.shutdownNow();
    }
}
