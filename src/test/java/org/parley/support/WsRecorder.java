package org.parley.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client that records every event in order (OkHttp's WebSocketRecorder idea):
 * tests assert on the next event and that nothing is left over. Server pings are answered and
 * skipped unless a test asks for them.
 */
public final class WsRecorder implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public sealed interface Event {}

    public record Message(JsonNode json, String text) implements Event {
        public String type() {
            return json.path("type").asText();
        }
    }

    public record Closed(int code, String reason) implements Event {}

    public record Failed(Throwable error) implements Event {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean autoPong = true;
    private volatile boolean skipPings = true;
    private WebSocket socket;
    private String peerId;
    private String resumeToken;

    private WsRecorder() {}

    public static WsRecorder connect(URI uri, String origin) {
        return connect(uri, origin, CLIENT);
    }

    /** Connects from another loopback address (127.0.0.x), as a different client would. */
    public static WsRecorder connectFrom(URI uri, java.net.InetAddress local) {
        return connect(uri, null, HttpClient.newBuilder().localAddress(local).build());
    }

    /** Connects from {@code local} with extra request headers (a reverse proxy's X-Forwarded-*). */
    public static WsRecorder connectFrom(URI uri, java.net.InetAddress local, java.util.Map<String, String> headers) {
        return connect(uri, null, HttpClient.newBuilder().localAddress(local).build(), headers);
    }

    private static WsRecorder connect(URI uri, String origin, HttpClient client) {
        return connect(uri, origin, client, java.util.Map.of());
    }

    private static WsRecorder connect(URI uri, String origin, HttpClient client, java.util.Map<String, String> headers) {
        WsRecorder r = new WsRecorder();
        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(b::header);
        if (origin != null) {
            b.header("Origin", origin);
        }
        try {
            r.socket = b.buildAsync(uri, r.listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("WebSocket connect failed", e instanceof ExecutionException ? e.getCause() : e);
        }
        return r;
    }

    /**
     * A raw client that never asks for a message: the JDK then stops reading the socket, which
     * is how a slow consumer looks to the server.
     */
    public static WebSocket nonReading(URI uri) {
        try {
            return CLIENT.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket ws) {
                    // no request(n): nothing is ever read
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
    }

    /** Stop answering server pings (to play a dead client) and let tests see them. */
    public WsRecorder silent() {
        autoPong = false;
        skipPings = false;
        return this;
    }

    public WsRecorder send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends unless the socket is already closed (the server may close it mid-flood); false then. */
    public boolean trySend(String text) {
        try {
            socket.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    public Event next() {
        return next(WAIT);
    }

    /** The next event if one has arrived, else null (never waits). */
    public Event poll() {
        return events.poll();
    }

    /** The next event, which must come within {@code within}. */
    public Event next(Duration within) {
        try {
            Event e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no WebSocket event within " + within);
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The next event must be a message of {@code type}; returns its JSON. */
    public JsonNode assertNext(String type) {
        return assertNext(type, WAIT);
    }

    /** The next event must be a message of {@code type}, within {@code within}; returns its JSON. */
    public JsonNode assertNext(String type, Duration within) {
        Event e = next(within);
        assertThat(e).as("expected a '%s' message", type).isInstanceOf(Message.class);
        Message m = (Message) e;
        assertThat(m.type()).as("message %s", m.text()).isEqualTo(type);
        if (type.equals("welcome")) {
            peerId = m.json().get("peer").asText();
            resumeToken = m.json().path("resumeToken").asText(null);
        }
        return m.json();
    }

    /** The next event must be an {@code error} with {@code code}. */
    public JsonNode assertError(String code) {
        JsonNode error = assertNext("error");
        assertThat(error.get("code").asText()).as("error %s", error).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    public Closed assertClosed(int code) {
        Event e = next();
        assertThat(e).as("expected close %d", code).isInstanceOf(Closed.class);
        Closed c = (Closed) e;
        assertThat(c.code()).as("close code (reason '%s')", c.reason()).isEqualTo(code);
        return c;
    }

    /** Waits {@code quiet} and asserts nothing arrived meanwhile. */
    public void assertNothingFor(Duration quiet) throws InterruptedException {
        Event e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(e).as("unexpected event").isNull();
    }

    /** Takes the peer id (and resume token) from a {@code welcome} read by {@link #next}. */
    public void remember(Message welcome) {
        if (welcome.type().equals("welcome")) {
            peerId = welcome.json().get("peer").asText();
            resumeToken = welcome.json().path("resumeToken").asText(null);
        }
    }

    public String peerId() {
        return peerId;
    }

    /** The resume token of this socket's {@code welcome}. */
    public String resumeToken() {
        return resumeToken;
    }

    public boolean isOpen() {
        return !socket.isInputClosed();
    }

    /** Closes the way a page does on purpose: a close frame (1000) first, then the TCP connection. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                // the socket is going anyway
            }
        }
        socket.abort();
    }

    /** Drops the TCP connection without a close frame, as a network that went away does. */
    public void drop() {
        socket.abort();
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    record(ws, text);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                events.add(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                events.add(new Failed(error));
            }
        };
    }

    private void record(WebSocket ws, String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception e) {
            events.add(new Failed(e));
            return;
        }
        if ("ping".equals(json.path("type").asText())) {
            if (autoPong) {
                ws.sendText("{\"type\":\"pong\"}", true);
            }
            if (skipPings) {
                return;
            }
        }
        events.add(new Message(json, text));
    }
}
