package org.parley.signaling;

import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.config.Config;
import org.parley.auth.Access;
import org.parley.web.TrustedProxies;
import org.parley.room.AttemptLimiter;
import org.parley.room.Rooms;
import org.parley.signaling.protocol.CloseCode;
import org.parley.turn.IceServers;

/** The {@code /ws} endpoint: Origin check before the upgrade, then one {@link Connection} per socket. */
public final class SignalingEndpoint implements AutoCloseable {
    public static final String PATH = "/ws";
    /** RFC 6455 §7.1.5: the status reported for a socket that ended without a close frame. */
    private static final int ABNORMAL_CLOSURE = 1006;

    private final SignalingLimits limits;
    private final Rooms rooms;
    private final AttemptLimiter attempts;
    private final Access access;
    private final IceServers iceServers;
    private final OriginPolicy origins;
    private final TrustedProxies proxies;
    private final Sessions sessions;
    private final Heartbeat heartbeat;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    public SignalingEndpoint(Config config, Rooms rooms, AttemptLimiter attempts, Access access, IceServers iceServers,
                             ScheduledExecutorService scheduler) {
        this.access = access;
        this.limits = SignalingLimits.of(config);
        this.rooms = rooms;
        this.attempts = attempts;
        this.iceServers = iceServers;
        this.origins = new OriginPolicy(config.allowedOrigins());
        this.proxies = new TrustedProxies(config.trustedProxies());
        this.heartbeat = new Heartbeat(scheduler, config.pingInterval());
        // An away peer may miss as many messages as a connected one may have queued.
        this.sessions = new Sessions(rooms, scheduler, config.resumeWindow(), config.outboxLimit());
    }

    public void register(JavalinConfig config) {
        config.jetty.modifyWebSocketServletFactory(factory -> {
            // Jetty's own limit is a backstop well above ours, so that an oversize message normally
            // gets the typed error from Connection before the close.
            factory.setMaxTextMessageSize(limits.maxMessageBytes() * 4L);
            factory.setMaxBinaryMessageSize(1024);
            // Jetty's idle timeout is a last resort behind the application heartbeat.
            factory.setIdleTimeout(limits.pingTimeout().plus(Duration.ofSeconds(15)));
        });
        config.routes.wsBeforeUpgrade(PATH, ctx -> {
            String peer = ctx.req().getRemoteAddr();
            String host = proxies.forwarded(peer, ctx.header("X-Forwarded-Host"), ctx.header("Host"));
            String proto = proxies.forwarded(peer, ctx.header("X-Forwarded-Proto"), null);
            if (!origins.allows(ctx.header("Origin"), host, proto)) {
                throw new OriginRefusedException();
            }
        });
        config.routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                String address = proxies.client(address(ctx), ctx.header("X-Forwarded-For"));
                Connection c = new Connection(ctx.session, address, limits, rooms, attempts, access, iceServers, sessions);
                connections.put(ctx.sessionId(), c);
                heartbeat.add(c);
            });
            // After onError Jetty may still deliver the socket's last frames: those find no connection.
            ws.onMessage(ctx -> connection(ctx).ifPresent(c -> c.onText(ctx.message())));
            ws.onBinaryMessage(ctx -> connection(ctx).ifPresent(Connection::onBinary));
            ws.onClose(ctx -> closed(ctx, ctx.status()));
            // An error is a lost socket, like a close without a close frame (RFC 6455 §7.1.5: 1006).
            ws.onError(ctx -> closed(ctx, ABNORMAL_CLOSURE));
        });
    }

    /** Open signaling sockets. */
    public int connectionCount() {
        return connections.size();
    }

    /** The TCP peer's IP address without the port. */
    private static String address(WsContext ctx) {
        return ctx.session.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.session.getRemoteSocketAddress());
    }

    private Optional<Connection> connection(WsContext ctx) {
        return Optional.ofNullable(connections.get(ctx.sessionId()));
    }

    private void closed(WsContext ctx, int status) {
        Connection c = connections.remove(ctx.sessionId());
        if (c != null) {
            heartbeat.remove(c);
            c.onClosed(status);
        }
    }

    /** Peers whose socket dropped and whose place is kept for a resume. */
    public int awayCount() {
        return sessions.awayCount();
    }

    /** Stops the heartbeat and tells every client the server is going away (1001). */
    @Override
    public void close() {
        heartbeat.close();
        for (Connection c : connections.values()) {
            c.close(CloseCode.GOING_AWAY, "server-shutdown");
        }
    }
}
