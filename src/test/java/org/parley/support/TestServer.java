package org.parley.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.parley.Parley;
import org.parley.config.CliOptions;

/** A real Parley on 127.0.0.1 and a free port, configured with the same flags a host would use. */
public final class TestServer implements AutoCloseable {
    private final Parley parley;
    private final boolean https;

    private TestServer(Parley parley, boolean https) {
        this.parley = parley;
        this.https = https;
    }

    public static TestServer start(String... flags) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0",
                "--secret", "test-secret-0123456789"));
        if (!List.of(flags).contains("--turn-port")) {
            // The embedded STUN/TURN server takes a free port too, so servers never collide.
            args.addAll(List.of("--turn-port", "0"));
        }
        if (!List.of(flags).contains("--http-port")) {
            // No plain-HTTP redirect listener on port 80 unless a test asks for one.
            args.addAll(List.of("--http-port", "off"));
        }
        args.addAll(List.of(flags));
        org.parley.config.Config config = CliOptions.parse(args.toArray(String[]::new)).config();
        return new TestServer(Parley.start(config), config.httpsOn());
    }

    public Parley parley() {
        return parley;
    }

    public int port() {
        return parley.port();
    }

    /** The app's address: https:// when the server runs with a certificate. */
    public String httpUrl() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public URI wsUri() {
        return URI.create((https ? "wss" : "ws") + "://127.0.0.1:" + port() + "/ws");
    }

    public WsRecorder connect() {
        return WsRecorder.connect(wsUri(), null);
    }

    /** Connects and completes the handshake; returns the client with its peer id. */
    public WsRecorder hello() {
        WsRecorder ws = connect();
        ws.send("{\"type\":\"hello\",\"version\":1}");
        ws.assertNext("welcome");
        return ws;
    }

    /**
     * Handshake, then join the named {@code room} as {@code name} with its standing key, so that
     * everyone gets straight in; the {@code joined} reply is consumed.
     */
    public WsRecorder joined(String room, String name) {
        WsRecorder ws = hello();
        ws.send(join(room, name, key(room)));
        ws.assertNext("joined");
        return ws;
    }

    /** The standing key of a named room. */
    public String key(String room) {
        try {
            return parley.rooms().standingKey(room);
        } catch (org.parley.room.RoomException e) {
            throw new IllegalArgumentException(room, e);
        }
    }

    /** The link that enters a named room directly. */
    public String link(String room) {
        return httpUrl() + "/?room=" + room + "#" + key(room);
    }

    public static String join(String room, String name, String key) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"") + "}";
    }

    @Override
    public void close() {
        parley.close();
    }
}
