package org.parley.signaling;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.config.Config;
import org.parley.auth.Access;
import org.parley.web.HttpException;
import org.parley.web.Router;
import org.parley.web.TrustedProxies;
import org.parley.room.AttemptLimiter;
import org.parley.room.Rooms;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.parley.signaling.protocol.CloseCode;
import org.parley.signaling.websocket.WebSocket;
import org.parley.signaling.websocket.WebSocketUpgrade;
import org.parley.turn.IceServers;

/** The {@code /ws} endpoint: Origin check before the upgrade, then one {@link Connection} per socket. */
public final class SignalingEndpoint implements AutoCloseable {
    public static final String PATH = "/ws";

    private final SignalingLimits limits;
    private final Rooms rooms;
    private final AttemptLimiter attempts;
    private final Access access;
    private final IceServers iceServers;
    private final OriginPolicy origins;
    private final TrustedProxies proxies;
    private final Sessions sessions;
    private final Heartbeat heartbeat;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

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

    /**
     * The upgrade handler that goes in front of the web app: an opening handshake from an allowed
     * Origin becomes a {@link Connection}; anything else for {@link #PATH} reaches {@link #register}'s route.
     */
    public WebSocketUpgrade upgradeHandler() {
        // A message between the limit and four times it still gets the typed error from Connection
        // before the close; beyond that the socket layer closes with 1009 without reading it all.
        int maxRead = limits.maxMessageBytes() * 4;
        // The idle timeout is a last resort behind the application heartbeat.
        long idle = limits.pingTimeout().plus(Duration.ofSeconds(15)).toMillis();
        return new WebSocketUpgrade(PATH, maxRead, limits.outboxLimit(), idle, request -> {
            HttpFields h = request.getHeaders();
            String peer = Request.getRemoteAddr(request);
            if (!originAllowed(peer, h.get("Origin"), h.get("X-Forwarded-Host"), h.get("Host"), h.get("X-Forwarded-Proto"))) {
                return null;
            }
            String address = proxies.client(peer, h.get("X-Forwarded-For"));
            return socket -> {
                Connection c = new Connection(socket, address, limits, rooms, attempts, access, iceServers, sessions);
                connections.add(c);
                heartbeat.add(c);
                return new Listener(c);
            };
        });
    }

    /**
     * What the web app answers on {@link #PATH} when the upgrade handler let a request through: 403
     * for a foreign Origin, 426 for anything that is not a WebSocket opening handshake.
     */
    public void register(Router router) {
        router.get(PATH, ctx -> {
            String peer = ctx.remoteAddr();
            if (!originAllowed(peer, ctx.header("Origin"), ctx.header("X-Forwarded-Host"), ctx.header("Host"),
                    ctx.header("X-Forwarded-Proto"))) {
                throw new OriginRefusedException();
            }
            ctx.header("Sec-WebSocket-Version", "13");
            throw new HttpException(426, "upgrade-required", "This address takes WebSocket connections only");
        });
    }

    private boolean originAllowed(String peer, String origin, String forwardedHost, String host, String forwardedProto) {
        return origins.allows(origin, proxies.forwarded(peer, forwardedHost, host),
                proxies.forwarded(peer, forwardedProto, null));
    }

    /** Open signaling sockets. */
    public int connectionCount() {
        return connections.size();
    }

    /** Forwards the socket's events and forgets the connection when it closes. */
    private final class Listener implements WebSocket.Listener {
        private final Connection connection;

        Listener(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onText(String text) {
            connection.onText(text);
        }

        @Override
        public void onBinary() {
            connection.onBinary();
        }

        @Override
        public void onClosed(int status) {
            connections.remove(connection);
            heartbeat.remove(connection);
            connection.onClosed(status);
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
        for (Connection c : connections) {
            c.close(CloseCode.GOING_AWAY, "server-shutdown");
        }
    }
}
