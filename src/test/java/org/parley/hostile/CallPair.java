package org.parley.hostile;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Duration;
import org.parley.support.ServerProcess;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/**
 * Two well-behaved callers in one room, exchanging signals: the witnesses of a hostile test. An
 * existing pair must keep relaying through an attack; a fresh pair must get in during it.
 */
final class CallPair implements AutoCloseable {
    private static final String HELLO = "{\"type\":\"hello\",\"version\":1}";

    final WsRecorder a;
    final WsRecorder b;

    private CallPair(WsRecorder a, WsRecorder b) {
        this.a = a;
        this.b = b;
    }

    /** Both connect from {@code from}, the first makes the named room, the second enters with its key. */
    static CallPair open(ServerProcess server, InetAddress from, String room, Duration within) {
        WsRecorder a = WsRecorder.connectFrom(server.ws(), from);
        WsRecorder b = null;
        try {
            a.send(HELLO);
            await(a, "welcome", within);
            a.send(TestServer.join(room, "A", null));
            String key = await(a, "joined", within).get("key").asText().replaceFirst("^#", "");
            b = WsRecorder.connectFrom(server.ws(), from);
            b.send(HELLO);
            await(b, "welcome", within);
            b.send(TestServer.join(room, "B", key));
            await(b, "joined", within);
            return new CallPair(a, b);
        } catch (RuntimeException | AssertionError e) {
            a.drop();
            if (b != null) {
                b.drop();
            }
            throw e;
        }
    }

    /** A signal each way arrives within {@code within}. */
    void relays(Duration within) {
        a.send(signal(b.peerId()));
        await(b, "signal", within);
        b.send(signal(a.peerId()));
        await(a, "signal", within);
    }

    static String signal(String to) {
        return "{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"candidate\":\"probe\"}}";
    }

    /** The next message of {@code type}, skipping others; fails on a close or if none comes in time. */
    static JsonNode await(WsRecorder ws, String type, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                fail("no '" + type + "' within " + within);
            }
            WsRecorder.Event e = ws.next(Duration.ofNanos(left));
            if (e instanceof WsRecorder.Message m) {
                if (m.type().equals(type)) {
                    if (type.equals("welcome") || type.equals("joined")) {
                        ws.remember(m);
                    }
                    return m.json();
                }
            } else {
                fail("the socket ended while waiting for '" + type + "': " + e);
            }
        }
    }

    @Override
    public void close() {
        a.drop();
        b.drop();
    }
}
