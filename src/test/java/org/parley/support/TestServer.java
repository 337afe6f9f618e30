package org.parley.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.parley.Parley;
import org.parley.config.CliOptions;

/** A real Parley on 127.0.0.1 and a free port, configured with the same flags a host would use. */
public final class TestServer implements AutoCloseable {
    private final Parley parley;

    private TestServer(Parley parley) {
        this.parley = parley;
    }

    public static TestServer start(String... flags) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(flags));
        return new TestServer(Parley.start(CliOptions.parse(args.toArray(String[]::new)).config()));
    }

    public Parley parley() {
        return parley;
    }

    public int port() {
        return parley.port();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
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

    /** Handshake, then join {@code room} as {@code name}; the {@code joined} reply is consumed. */
    public WsRecorder joined(String room, String name) {
        WsRecorder ws = hello();
        ws.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        ws.assertNext("joined");
        return ws;
    }

    @Override
    public void close() {
        parley.close();
    }
}
