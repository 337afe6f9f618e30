package org.parley;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.config.Config;
import org.parley.config.ServerSecret;
import org.parley.room.AttemptLimiter;
import org.parley.room.RoomKeys;
import org.parley.room.Rooms;
import org.parley.signaling.SignalingEndpoint;
import org.parley.auth.Access;
import org.parley.auth.TokenMinter;
import org.parley.bot.TelegramBot;
import org.parley.metrics.Metrics;
import org.parley.config.TurnSettings;
import org.parley.turn.IceServers;
import org.parley.turn.TurnCredentials;
import org.parley.turn.TurnIceServers;
import org.parley.turn.server.EmbeddedRelay;
import org.parley.web.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.parley.web.JettyErrors;
import org.parley.web.Router;
import org.parley.web.WebApp;
import org.parley.signaling.websocket.WebSocketUpgrade;
import org.parley.tls.Certificates;
import org.parley.tls.PlainHttp;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The wiring: one process with the web app, the REST API, signaling and the STUN/TURN relay. */
public final class Parley implements AutoCloseable {
    /** Pending connections the kernel may hold for us (Linux caps it at net.core.somaxconn, 4096 by default). */
    private static final int ACCEPT_QUEUE = 1024;
    private final ScheduledExecutorService scheduler;
    private final Rooms rooms;
    private final AttemptLimiter attempts;
    private final SignalingEndpoint signaling;
    private final Server http;
    private final ServerConnector connector;
    private final EmbeddedRelay relay;
    private final TelegramBot bot;
    private final Certificates certificates;
    private volatile PlainHttp plainHttp;
    private volatile boolean draining;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Parley(Config config) {
        // Keys first: a key file that does not fit fails the start before anything listens.
        Access access = Access.of(config.auth(), Clock.systemUTC());
        TokenMinter minter = config.auth().enabled() && config.bot().enabled()
                ? TokenMinter.of(config.auth(), Clock.systemUTC()) : null;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("parley-timer").daemon().factory());
        byte[] serverSecret = ServerSecret.load(config);
        rooms = new Rooms(config.roomCapacity(), config.codeLength(), config.roomGrace(),
                new RoomKeys(serverSecret), scheduler);
        attempts = new AttemptLimiter(config.joinFailuresBurst(), config.joinFailuresPerMinute());
        scheduler.scheduleAtFixedRate(attempts::sweep, 1, 1, TimeUnit.MINUTES);
        TurnSettings turn = config.turn();
        TurnCredentials credentials = turn.mode() == TurnSettings.Mode.OFF ? null : new TurnCredentials(
                turn.secret().isEmpty() ? TurnCredentials.derive(serverSecret) : turn.secret(),
                turn.credentialTtl(), Clock.systemUTC());
        try {
            certificates = Certificates.start(config, scheduler);
        } catch (IOException | GeneralSecurityException e) {
            scheduler.shutdownNow();
            throw new IllegalStateException("cannot set up the HTTPS certificate: " + e.getMessage(), e);
        }
        // TURN over TLS needs a certificate browsers trust: from files or ACME, not self-signed.
        SSLContext turnTls = certificates != null && !config.https().selfSigned() ? certificates.context() : null;
        try {
            relay = turn.mode() == TurnSettings.Mode.EMBEDDED
                    ? EmbeddedRelay.start(turn, config.host(), turnTls, credentials, scheduler) : null;
        } catch (IOException e) {
            if (certificates != null) {
                certificates.close();
            }
            scheduler.shutdownNow();
            throw new UncheckedIOException("cannot open the STUN/TURN port " + turn.port()
                    + " (another TURN server running? use --turn-port, or --turn off)", e);
        }
        List<String> relayUrls = switch (turn.mode()) {
            case EMBEDDED -> relay.urls();
            case EXTERNAL -> turn.urls();
            case OFF -> List.of();
        };
        IceServers ice = new TurnIceServers(relayUrls, credentials, config.iceServers());
        signaling = new SignalingEndpoint(config, rooms, attempts, access, ice, scheduler);
        Metrics metrics = new Metrics(rooms, signaling::connectionCount, signaling::messageBytesInFlight, this::turnStats);
        WebApp web = new WebApp(rooms, attempts, access, ice, config.baseUrl(), this::readiness, metrics::scrape,
                new org.parley.web.TrustedProxies(config.trustedProxies()));
        bot = config.bot().enabled()
                ? new TelegramBot(config.bot(), config.baseUrl(), rooms, attempts, minter, scheduler) : null;
        Router router = new Router();
        web.register(router);
        signaling.register(router);
        if (bot != null) {
            bot.register(router);
        }
        // Signaling sockets are upgraded in front of the routes: each costs a socket, not a request.
        WebSocketUpgrade upgrade = signaling.upgradeHandler();
        upgrade.setHandler(router);
        http = new Server(threadPool());
        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        connector = certificates != null ? httpsConnector(http, httpConfig)
                : new ServerConnector(http, new HttpConnectionFactory(httpConfig));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // Jetty's default listen backlog is the JDK's 50: when a meeting starts and everyone
        // opens the link at once, the kernel drops the SYNs beyond it and those callers wait
        // for their 1 s, then 3 s, retransmits (bench: 1,000 joins took 7.5 s, 1.7 s of it CPU).
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        http.addConnector(connector);
        http.setHandler(upgrade);
        // What Jetty refuses before a route runs (a bad URI, headers too large) answers as the routes do.
        http.setErrorHandler(new JettyErrors());
    }

    /**
     * Jetty's own pool, of platform threads: its selectors block in epoll, which would pin a
     * virtual thread's carrier. Requests are answered on those selector threads and signaling
     * sockets are read there too (see {@code Router} and {@code WebSocket}); what may block runs
     * on virtual threads of its own.
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 4);
        pool.setName("parley-http");
        return pool;
    }

    /** HTTPS on {@code --port}: HTTP/1.1 (and WebSocket) over TLS with the current certificate. */
    private ServerConnector httpsConnector(Server server, HttpConfiguration httpConfig) {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The certificate comes from our own key manager, not Jetty's SNI one, so Jetty has no
        // names to check the Host header against.
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(certificates.context());
        return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpConfig));
    }

    /**
     * After HTTPS is up: the plain-HTTP listener (redirects, ACME challenges), then the first ACME
     * order, which needs that listener to be validated.
     */
    private void startPlainHttp(Config config) {
        if (certificates == null) {
            return;
        }
        if (config.https().httpPort() >= 0) {
            try {
                plainHttp = new PlainHttp(config.host(), config.https().httpPort(), port(), certificates::challenge);
            } catch (Exception e) {
                close();
                throw new IllegalStateException("cannot open the plain-HTTP port " + config.https().httpPort()
                        + " (in use, or below 1024 without the right; use --http-port, or --http-port off)", e);
            }
        }
        certificates.begin();
    }

    private Readiness readiness() {
        Readiness turn = relay == null ? new Readiness(true, Map.of("turn", "not embedded"))
                : relay.verdict()
                .map(v -> new Readiness(v.passed(), Map.of("turn", (v.passed() ? "passed: " : "failed: ") + v.detail())))
                .orElse(new Readiness(false, Map.of("turn", "self-test running")));
        return new Readiness(turn.ready() && !draining, Map.of("turn", turn.checks().get("turn"),
                "draining", String.valueOf(draining)));
    }

    /**
     * Graceful shutdown, first step: readiness goes false, new rooms and joins are refused, calls
     * in progress go on. Returns when no call runs any more or {@code timeout} has passed.
     *
     * @return true when the calls ended by themselves
     */
    public boolean drain(Duration timeout) {
        draining = true;
        rooms.drain();
        long end = System.nanoTime() + timeout.toNanos();
        while (rooms.activeCalls() > 0) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Allocations and relayed bytes of the embedded relay (zeros when it is not embedded). */
    public org.parley.turn.server.TurnServer.Stats turnStats() {
        return relay == null ? new org.parley.turn.server.TurnServer.Stats(0, 0) : relay.stats();
    }

    /** The embedded STUN/TURN port, or -1 when the relay is external or off. */
    public int turnPort() {
        return relay == null ? -1 : relay.port();
    }

    public static Parley start(Config config) {
        Parley parley = new Parley(config);
        try {
            parley.http.start();
        } catch (Exception e) {
            parley.close();
            throw new IllegalStateException("cannot open the HTTP port " + config.port()
                    + " (in use, or below 1024 without the right; use --port)", e);
        }
        parley.startPlainHttp(config);
        if (parley.bot != null) {
            parley.bot.start();
        }
        return parley;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The plain-HTTP (redirect and ACME challenge) port, or -1 when there is none. */
    public int httpPort() {
        return plainHttp == null ? -1 : plainHttp.port();
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (bot != null) {
            bot.close();
        }
        signaling.close();
        if (plainHttp != null) {
            try {
                plainHttp.close();
            } catch (Exception e) {
                // closing a listener at exit: nothing left to do
            }
        }
        try {
            http.stop();
        } catch (Exception e) {
            // stopping the listeners at exit: nothing left to do
        }
        if (certificates != null) {
            certificates.close();
        }
        if (relay != null) {
            try {
                relay.close();
            } catch (IOException e) {
                // closing sockets at exit: nothing left to do
            }
        }
        scheduler.shutdownNow();
    }
}
