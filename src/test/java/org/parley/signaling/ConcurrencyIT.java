package org.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/**
 * Many clients at once joining, signaling, calling, leaving and dropping, some never reading:
 * the server must neither deadlock nor leak a room or a connection.
 */
@Timeout(120)
class ConcurrencyIT {
    private static final int THREADS = 8;
    private static final int ROUNDS = 60;

    @Test
    void concurrentChurnWithSlowConsumersLeavesACleanServer() throws Exception {
        // A short resume window: the aborted sockets go away and their places expire during the churn.
        // Named rooms made by a join cost an attempt each; this churn makes hundreds on purpose.
        try (TestServer server = TestServer.start("--join-failures-burst", "100000", "--outbox-limit", "4", "--room-capacity", "50", "--room-grace", "0ms",
                "--resume-window", "300ms",
                "--rate-burst", "100000", "--rate-per-second", "100000")) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                work.add(pool.submit(() -> churn(server, new SplittableRandom(seed))));
            }
            for (Future<?> f : work) {
                f.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Poll.until("every connection is gone", Duration.ofSeconds(20), () -> server.parley().connectionCount() == 0);
            Poll.until("every room is gone", Duration.ofSeconds(20), () -> server.parley().rooms().count() == 0);

            try (WsRecorder a = server.joined("after", "A"); WsRecorder b = server.joined("after", "B")) {
                a.assertNext("peer-joined");
                b.send("{\"type\":\"signal\",\"to\":\"" + a.peerId() + "\",\"data\":{\"x\":1}}");
                assertThat(a.assertNext("signal").get("from").asText()).isEqualTo(b.peerId());
            }
        }
    }

    private static Void churn(TestServer server, SplittableRandom random) throws Exception {
        String pad = "y".repeat(20_000);
        for (int round = 0; round < ROUNDS; round++) {
            String room = "churn-" + random.nextInt(4);
            WsRecorder talker = server.joined(room, "T");
            WebSocket mute = WsRecorder.nonReading(server.wsUri());
            mute.sendText("{\"type\":\"hello\",\"version\":1}", true).join();
            mute.sendText(TestServer.join(room, "M", server.key(room)), true).join();
            talker.send("{\"type\":\"call-start\",\"kind\":\"video\"}");
            for (int i = 0; i < 10; i++) {
                talker.send("{\"type\":\"media-state\",\"audio\":" + random.nextBoolean() + ",\"video\":true,\"pad\":\""
                        + pad + "\"}");
            }
            switch (random.nextInt(3)) {
                case 0 -> talker.send("{\"type\":\"leave\"}").close();
                case 1 -> talker.close();
                default -> {
                    talker.send("{\"type\":\"call-leave\"}");
                    talker.close();
                }
            }
            if (random.nextBoolean()) {
                mute.abort();
            } else {
                mute.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                mute.abort();
            }
        }
        return null;
    }
}
