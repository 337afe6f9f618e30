package org.parley.signaling;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.config.Config;
import org.parley.limits.AddressCounter;
import org.parley.limits.MemoryBudget;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.signaling.protocol.Codec;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessage;
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
    /** Open sockets per client address (after trusted-proxy resolution). */
    private final AddressCounter<String> perAddress;
    /** Bytes of signaling in flight in the whole process, shared by every socket. */
    private final MemoryBudget budget;
    private final long outboxBytes;

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
        this.perAddress = new AddressCounter<>(config.caps().perAddress(), Integer.MAX_VALUE);
        this.budget = new MemoryBudget(config.caps().messageMemory());
        this.outboxBytes = config.caps().outboxBytes();
        // An away peer may miss as many messages (and bytes) as a connected one may have queued.
        this.sessions = new Sessions(rooms, scheduler, config.resumeWindow(), config.outboxLimit(), outboxBytes, budget);

    }

    /**
     * The upgrade handler that goes in front of the web app: an opening handshake from an allowed
     * Origin becomes a {@link Connection}; anything else for {@link #PATH} reaches {@link #register}'s route.
     * A socket over its address's cap, or opened while the message budget is nearly spent, is
     * told why ({@code too-many-connections}, {@code server-busy}) and closed at once: the page
     * can only read a refusal that arrives over an open socket. Sockets already open stay.
     */
    public WebSocketUpgrade upgradeHandler() {
        // A message between the limit and four times it still gets the typed error from Connection
        // before the close; beyond that the socket layer closes with 1009 without reading it all.
        int maxRead = limits.maxMessageBytes() * 4;
        // The idle timeout is a last resort behind the application heartbeat.
        long idle = limits.pingTimeout().plus(Duration.ofSeconds(15)).toMillis();
        var bounds = new WebSocketUpgrade.Bounds(maxRead, limits.outboxLimit(), outboxBytes, budget);
        return new WebSocketUpgrade(PATH, bounds, idle, request -> {
            HttpFields h = request.getHeaders();
            String peer = Request.getRemoteAddr(request);
            if (!originAllowed(peer, h.get("Origin"), h.get("X-Forwarded-Host"), h.get("Host"), h.get("X-Forwarded-Proto"))) {
                return null;
            }
            String address = proxies.client(peer, h.get("X-Forwarded-For"));
            // Counted once the socket is open (not at the handshake): only an open socket is ever released.
            return socket -> {
                if (budget.nearlySpent()) {
                    return refuse(socket, ErrorCode.SERVER_BUSY, Refusal.WS_MEMORY);
                }
                if (perAddress.acquire(address) != AddressCounter.Verdict.OK) {
                    return refuse(socket, ErrorCode.TOO_MANY_CONNECTIONS, Refusal.WS_PER_ADDRESS);
                }
                Connection c = new Connection(socket, address, limits, rooms, attempts, access, iceServers, sessions);
                connections.add(c);
                heartbeat.add(c);
                return new Listener(c, address);
            };
        });
    }

    /** Tells a newcomer why it cannot stay, and closes its socket; nothing it sends is read. */
    private static WebSocket.Listener refuse(WebSocket socket, ErrorCode code, Refusal why) {
        Refusals.record(why);
        SignalingCounters.error(code);
        socket.send(Codec.encode(ServerMessage.Error.of(code, code.defaultMessage(), null)));
        socket.close(code.close().orElseThrow().code(), code.code());
        return new WebSocket.Listener() {
            @Override
            public void onText(String text) {
            }

            @Override
            public void onBinary() {
            }

            @Override
            public boolean onControl() {
                return false;
            }

            @Override
            public String lastWord(int status, String reason) {
                return null;
            }

            @Override
            public void onClosed(int status) {
            }
        };
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
        private final String address;

        Listener(Connection connection, String address) {
            this.connection = connection;
            this.address = address;
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
        public boolean onControl() {
            return connection.onControl();
        }

        @Override
        public String lastWord(int status, String reason) {
            return connection.lastWord(status);
        }

        @Override
        public void onClosed(int status) {
            perAddress.release(address);
            connections.remove(connection);
            heartbeat.remove(connection);
            connection.onClosed(status);
        }
    }

    /** Bytes of signaling messages in flight (queued to be written, or partly read). */
    public long messageBytesInFlight() {
        return budget.used();
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
