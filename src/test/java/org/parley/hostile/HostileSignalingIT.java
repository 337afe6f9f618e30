package org.parley.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.Poll;
import org.parley.support.RawWebSocket;
import org.parley.support.ServerProcess;
import org.parley.support.TestServer;
import org.parley.support.WsRecorder;

/**
 * Hostile clients against the packaged server in its own process, with the heap a small VPS
 * gives it (128 MB), all on loopback: one test per way a single client used to take it down.
 * Each checks the same three things: a fresh pair of callers gets in and relays promptly during
 * the attack, a pair already in a call is never dropped, and the heap still in use after the
 * attack stays under {@link #LIVE_HEAP_BOUND}. Attackers come from 127.0.0.2 and up, the
 * witnesses from addresses of their own, so per-address limits hit only the attacker.
 */
@Timeout(240)
class HostileSignalingIT {
    private static final int HEAP_MB = 128;
    /**
     * The server's own live set is ~15 MB; what an attack may leave behind on top stays well
     * under what would matter. Before these fixes each attack below pinned 100 MB or more.
     */
    private static final long LIVE_HEAP_BOUND = 40L << 20;
    /** "Within a second or two", with room for a loaded two-core CI machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final String HELLO = "{\"type\":\"hello\",\"version\":1}";

    private ServerProcess server;
    private CallPair existing;
    private int freshPairs;

    private void start(String... flags) throws IOException {
        server = ServerProcess.start(HEAP_MB, flags);
        existing = CallPair.open(server, address(10), "standing-call", Duration.ofSeconds(10));
        existing.relays(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (existing != null) {
            existing.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static InetAddress address(int last) throws UnknownHostException {
        return InetAddress.getByName("127.0.0." + last);
    }

    /** A new pair, from an address of its own, enters a new room and relays, all within {@link #PROMPTLY}. */
    private void freshPairGetsThrough() throws UnknownHostException {
        freshPairs++;
        try (CallPair fresh = CallPair.open(server, address(100 + freshPairs), "fresh-" + freshPairs, PROMPTLY)) {
            fresh.relays(PROMPTLY);
        }
    }

    /** After the attack: the process lives, the old call relays, a new one starts, the heap is back. */
    private void serviceSurvived() throws Exception {
        assertThat(server.alive()).as("the server is still running:\n%s", server.log()).isTrue();
        existing.relays(PROMPTLY);
        freshPairGetsThrough();
        long live = server.liveHeapBytes();
        System.out.printf("live heap after the attack: %.1f MB%n", live / 1e6);
        assertThat(live).as("live heap after the attack (bytes)").isLessThan(LIVE_HEAP_BOUND);
    }

    @Test
    void aSocketFloodingPingsIsCutByTheRateLimitWhileCallsGoOn() throws Exception {
        start();
        try (RawWebSocket flood = RawWebSocket.open(server.port(), address(2), 4096)) {
            AtomicBoolean cut = new AtomicBoolean();
            Thread attack = flood(flood, pings(64), Duration.ofSeconds(15), cut);
            freshPairGetsThrough();
            join(attack, flood, Duration.ofSeconds(15));
            assertThat(cut).as("the flooding socket was cut (pings count against the rate limit)").isTrue();
        }
        serviceSurvived();
    }

    @Test
    void pingsFromAClientThatNeverReadsQueueOnePongAtMost() throws Exception {
        // No practical rate limit: what bounds the pongs is that at most one waits (RFC 6455 §5.5.3).
        start("--rate-burst", "100000000", "--rate-per-second", "100000000");
        try (RawWebSocket flood = RawWebSocket.open(server.port(), address(2), 4096)) {
            AtomicBoolean cut = new AtomicBoolean();
            Thread attack = flood(flood, pings(64), Duration.ofSeconds(6), cut);
            freshPairGetsThrough();
            existing.relays(PROMPTLY);
            join(attack, flood, Duration.ofSeconds(6));
            assertThat(server.alive()).as("alive after six seconds of pings:\n%s", server.log()).isTrue();
            assertThat(server.liveHeapBytes()).as("live heap while the flooder still holds its socket")
                    .isLessThan(LIVE_HEAP_BOUND);
        }
        serviceSurvived();
    }

    @Test
    void aThousandSocketsSendingOnlyAFrameHeaderPinNothingAndAreClosedWhenTheyStall() throws Exception {
        start("--frame-timeout", "3s");
        List<RawWebSocket> stalled = new ArrayList<>();
        try {
            // 20 addresses × 50 sockets, each announcing a 256 KiB message (the most the socket layer reads).
            byte[] header = RawWebSocket.headerOnly(4 * 65536 - 1);
            for (int a = 2; a < 22; a++) {
                for (int i = 0; i < 50; i++) {
                    RawWebSocket ws = RawWebSocket.open(server.port(), address(a), 0);
                    stalled.add(ws);
                    ws.write(header);
                }
            }
            freshPairGetsThrough();
            assertThat(server.liveHeapBytes()).as("live heap with 1,000 headers waiting for their payload")
                    .isLessThan(LIVE_HEAP_BOUND);
            for (RawWebSocket ws : stalled) {
                assertThat(ws.closedByServerWithin(10_000)).as("a stalled socket is closed after --frame-timeout").isTrue();
            }
        } finally {
            stalled.forEach(RawWebSocket::close);
        }
        serviceSurvived();
    }

    @Test
    void aNewcomerOverItsAddressCapIsToldWhyWhileOtherAddressesGetIn() throws Exception {
        start("--max-sockets-per-address", "5");
        List<WsRecorder> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                WsRecorder ws = WsRecorder.connectFrom(server.ws(), address(2));
                held.add(ws);
                ws.send(HELLO);
                ws.assertNext("welcome");
            }
            WsRecorder sixth = WsRecorder.connectFrom(server.ws(), address(2));
            sixth.assertError("too-many-connections");
            sixth.assertClosed(1008);
            assertThat(metric("parley_refusals_total{reason=\"ws-per-address\"}")).isEqualTo(1);
            freshPairGetsThrough();
            held.removeFirst().close();
            InetAddress capped = address(2);
            Poll.until("a socket from the capped address is taken again", Duration.ofSeconds(5), () -> {
                WsRecorder again = WsRecorder.connectFrom(server.ws(), capped);
                held.add(again);
                again.send(HELLO);
                return again.next() instanceof WsRecorder.Message m && m.type().equals("welcome");
            });
        } finally {
            held.forEach(WsRecorder::drop);
        }
        serviceSurvived();
    }

    @Test
    void receiversThatNeverReadAreDroppedBeforeTheyPinTheHeap() throws Exception {
        start("--room-capacity", "20", "--rate-burst", "100000000", "--rate-per-second", "100000000");
        SlowRoom room = SlowRoom.open(server, address(2), address(3), 10);
        try {
            // 48 KB signals to each silent receiver in turn: 240 of them would be 11 MB per receiver.
            int sent = room.flood(240, 48_000);
            freshPairGetsThrough();
            room.awaitAllDropped(Duration.ofSeconds(30));
            assertThat(sent).isPositive();
        } finally {
            room.close();
        }
        serviceSurvived();
    }

    @Test
    void messagesKeptForPeersWhoseSocketDroppedAreBoundedInBytesToo() throws Exception {
        // A dropped socket keeps its place for --resume-window and what the room sends it meanwhile.
        start("--room-capacity", "20", "--rate-burst", "100000000", "--rate-per-second", "100000000");
        SlowRoom room = SlowRoom.open(server, address(2), address(3), 10);
        try {
            room.dropReceivers();
            // 240 × 48 KB would be 11 MB kept per away peer (512 messages allowed by count).
            room.flood(240, 48_000);
            room.awaitAllDropped(Duration.ofSeconds(30));
            freshPairGetsThrough();
        } finally {
            room.close();
        }
        serviceSurvived();
    }

    @Test
    void messagesWaitingAcrossSocketsStayWithinTheProcessBudget() throws Exception {
        // Each receiver alone may queue 16 MiB, but all of them together only 2 MiB.
        start("--room-capacity", "20", "--rate-burst", "100000000", "--rate-per-second", "100000000",
                "--outbox-bytes", "16777216", "--message-memory", "2097152");
        SlowRoom room = SlowRoom.open(server, address(2), address(3), 5);
        try {
            // 200 × 48 KB = 9.6 MB per receiver: under its own 16 MiB, over the shared 2 MiB.
            room.flood(200, 48_000);
            room.awaitAllDropped(Duration.ofSeconds(30));
            freshPairGetsThrough();
        } finally {
            room.close();
        }
        serviceSurvived();
    }

    @Test
    void aNewcomerIsToldTheServerIsBusyWhileUnreadMessagesFillTheBudget() throws Exception {
        start("--room-capacity", "20", "--rate-burst", "100000000", "--rate-per-second", "100000000",
                "--outbox-bytes", "16777216", "--message-memory", "2097152");
        SlowRoom room = SlowRoom.open(server, address(2), address(3), 5);
        try {
            // One 16 KB signal at a time until unread messages hold over two thirds of the 2 MiB
            // (newcomers are refused) but not yet three quarters (slow readers are dropped).
            double[] inFlight = {0};
            Poll.until("unread messages fill the budget", Duration.ofSeconds(60), () -> {
                for (int i = inFlight[0] < 700_000 ? 16 : 1; i > 0; i--) { // in bigger steps while far from it
                    room.sendOne(16_000);
                }
                inFlight[0] = metric("parley_messages_in_flight_bytes");
                return inFlight[0] > 2097152 * 2 / 3 + 32_000;
            });
            WsRecorder newcomer = WsRecorder.connectFrom(server.ws(), address(4));
            newcomer.assertError("server-busy");
            newcomer.assertClosed(1013);
            existing.relays(PROMPTLY);
        } finally {
            room.close();
        }
        Poll.until("the budget is free again", Duration.ofSeconds(10),
                () -> metric("parley_messages_in_flight_bytes") < 100_000);
        serviceSurvived();
    }

    @Test
    void namedRoomsMadeByJoinCostAttemptsAndAnAddressWithoutAttemptsMakesNone() throws Exception {
        start();
        try (WsRecorder maker = WsRecorder.connectFrom(server.ws(), address(2))) {
            maker.send(HELLO);
            maker.assertNext("welcome");
            int made = 0;
            while (made < 40) {
                maker.send(TestServer.join("made-" + made, "M", null));
                var reply = CallPair.await(maker, made < 20 ? "joined" : "error", PROMPTLY);
                if (reply.path("type").asText().equals("error")) {
                    assertThat(reply.get("code").asText()).isEqualTo("too-many-attempts");
                    break;
                }
                maker.send("{\"type\":\"leave\"}");
                made++;
            }
            assertThat(made).as("rooms one address made at once (--join-failures-burst)").isEqualTo(20);
            maker.assertClosed(1008);
        }
        try (WsRecorder again = WsRecorder.connectFrom(server.ws(), address(2))) {
            again.send(HELLO);
            again.assertNext("welcome");
            again.send(TestServer.join("made-later", "M", null));
            again.assertError("too-many-attempts");
        }
        assertThat(metric("parley_rooms")).as("rooms: the standing call's and the twenty").isEqualTo(21);
        serviceSurvived();
    }

    /**
     * Writes {@code chunk} over and over for up to {@code time}; sets {@code cut} when the server
     * ends the socket. A write the server no longer reads blocks: {@link #join} unblocks it.
     */
    private static Thread flood(RawWebSocket ws, byte[] chunk, Duration time, AtomicBoolean cut) {
        long end = System.nanoTime() + time.toNanos();
        return Thread.ofPlatform().name("flood").start(() -> {
            while (System.nanoTime() < end) {
                try {
                    ws.write(chunk);
                } catch (IOException e) {
                    if (System.nanoTime() < end) {
                        cut.set(true);
                    }
                    return;
                }
            }
        });
    }

    /** Waits for a flood to end; one stuck in a write past its time is stopped by closing its socket. */
    private static void join(Thread flood, RawWebSocket ws, Duration time) throws InterruptedException {
        flood.join(time.plusSeconds(2).toMillis());
        if (flood.isAlive()) {
            ws.close();
            flood.join();
        }
    }

    private static byte[] pings(int count) {
        byte[] ping = RawWebSocket.frame(0x9, new byte[125]);
        ByteArrayOutputStream out = new ByteArrayOutputStream(ping.length * count);
        for (int i = 0; i < count; i++) {
            out.writeBytes(ping);
        }
        return out.toByteArray();
    }

    private double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E+]+)$").matcher(server.get("/metrics"));
        assertThat(m.find()).as("%s in /metrics", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * A room with one sender who reads and receivers who joined and then never read again (their
     * receive buffers small, so the server's queue is what fills).
     */
    private static final class SlowRoom implements AutoCloseable {
        private final WsRecorder sender;
        private final List<RawWebSocket> receivers;
        private final List<String> ids;
        private final Set<String> left = new HashSet<>();

        private SlowRoom(WsRecorder sender, List<RawWebSocket> receivers, List<String> ids) {
            this.sender = sender;
            this.receivers = receivers;
            this.ids = ids;
        }

        static SlowRoom open(ServerProcess server, InetAddress senderAddress, InetAddress receiverAddress, int n)
                throws IOException {
            WsRecorder sender = WsRecorder.connectFrom(server.ws(), senderAddress);
            sender.send(HELLO);
            sender.assertNext("welcome");
            sender.send(TestServer.join("slow-readers", "S", null));
            String key = CallPair.await(sender, "joined", Duration.ofSeconds(10)).get("key").asText().replaceFirst("^#", "");
            List<RawWebSocket> receivers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RawWebSocket r = RawWebSocket.open(server.port(), receiverAddress, 4096);
                receivers.add(r);
                r.sendText(HELLO);
                r.sendText(TestServer.join("slow-readers", "R" + i, key));
                ids.add(CallPair.await(sender, "peer-joined", Duration.ofSeconds(10)).get("peer").get("id").asText());
            }
            return new SlowRoom(sender, receivers, ids);
        }

        /** Up to {@code rounds} signals of {@code bytes} to every receiver still there; returns how many went out. */
        int flood(int rounds, int bytes) {
            String pad = "x".repeat(bytes);
            int sent = 0;
            for (int round = 0; round < rounds; round++) {
                collectLeaves();
                for (String id : ids) {
                    if (!left.contains(id)) {
                        sender.send("{\"type\":\"signal\",\"to\":\"" + id + "\",\"data\":{\"pad\":\"" + pad + "\"}}");
                        sent++;
                    }
                }
                if (left.size() == ids.size()) {
                    break;
                }
            }
            return sent;
        }

        private int next;

        /** The receivers' connections end without a close frame: the server keeps their places. */
        void dropReceivers() {
            receivers.forEach(RawWebSocket::close);
        }

        /** One signal of {@code bytes} to the next receiver in turn that is still there. */
        void sendOne(int bytes) {
            collectLeaves();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(next++ % ids.size());
                if (!left.contains(id)) {
                    sender.send("{\"type\":\"signal\",\"to\":\"" + id + "\",\"data\":{\"pad\":\""
                            + "x".repeat(bytes) + "\"}}");
                    return;
                }
            }
        }

        private void collectLeaves() {
            WsRecorder.Event e;
            while ((e = sender.poll()) != null) {
                if (e instanceof WsRecorder.Message m && m.type().equals("peer-left")) {
                    left.add(m.json().get("peer").asText());
                }
            }
        }

        void awaitAllDropped(Duration within) {
            Poll.until("every receiver that never reads was dropped", within, () -> {
                collectLeaves();
                return left.containsAll(ids);
            });
        }

        @Override
        public void close() {
            receivers.forEach(RawWebSocket::close);
            sender.drop();
        }
    }
}
