package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.support.Poll;
import org.parley.support.RawTurnClient;
import org.parley.turn.TurnCredentials;
import org.parley.turn.server.proto.StunMessage;

/** The TCP listener's caps and connection lifecycle, over real loopback sockets (the deadlines: HostileTurnIT). */
@Timeout(60)
class StreamListenerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TurnCredentials credentials = new TurnCredentials("unit-secret", Duration.ofMinutes(5), Clock.systemUTC());
    private TurnServer server;

    private TurnServer start(TurnServer.Caps caps) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        server = new TurnServer(new TurnServer.Options(lo, 0, lo, lo, 42000, 42999, "unit.test", credentials, List.of(),
                12, 0, 0, null, caps)).start(scheduler);
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
    }

    private InetSocketAddress tcp() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    private RawTurnClient client(String from) throws IOException {
        TurnCredentials.Credential c = credentials.mint();
        return RawTurnClient.tcp(InetAddress.getByName(from), tcp(), c.username(), c.password());
    }

    private boolean refusedAtOnce(String from) throws IOException {
        return RawTurnClient.refusedAtOnce(InetAddress.getByName(from), tcp());
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(tcp(), 2000);
        return s;
    }

    /** True when the server closes the socket within the wait (a read ends, or fails with a reset). */
    private static boolean closedWithin(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static boolean answersBinding(RawTurnClient c) throws IOException {
        return c.request(StunMessage.BINDING).messageClass() == StunMessage.MessageClass.SUCCESS;
    }

    @Test
    void aNewcomerOverItsAddressCapIsClosedAtOnceAndTheConnectionsItFoundStayUp() throws Exception {
        start(new TurnServer.Caps(100, 2, 10));
        long refused = Refusals.count(Refusal.TURN_TCP_PER_ADDRESS);
        try (RawTurnClient a = client("127.0.0.1"); RawTurnClient b = client("127.0.0.1");
             RawTurnClient elsewhere = client("127.0.0.2")) {
            assertThat(answersBinding(a)).isTrue();
            assertThat(answersBinding(b)).isTrue();
            assertThat(refusedAtOnce("127.0.0.1")).as("the third from 127.0.0.1").isTrue();
            assertThat(Refusals.count(Refusal.TURN_TCP_PER_ADDRESS)).isGreaterThan(refused);
            assertThat(answersBinding(a) && answersBinding(b)).as("the two it found").isTrue();
            assertThat(answersBinding(elsewhere)).as("another address").isTrue();
        }
    }

    @Test
    void aNewcomerOverTheTotalCapIsClosedAtOnceThoughItsAddressHoldsNoneAndGetsInOnceASlotIsFree() throws Exception {
        start(new TurnServer.Caps(100, 2, 3));
        long refused = Refusals.count(Refusal.TURN_TCP_TOTAL);
        try (RawTurnClient a = client("127.0.0.1"); RawTurnClient b = client("127.0.0.1");
             RawTurnClient c = client("127.0.0.2")) {
            assertThat(answersBinding(a) && answersBinding(b) && answersBinding(c)).isTrue();
            assertThat(refusedAtOnce("127.0.0.3")).as("the fourth, from 127.0.0.3").isTrue();
            assertThat(Refusals.count(Refusal.TURN_TCP_TOTAL)).isGreaterThan(refused);
            a.close();
            Poll.until("a slot is free again", Duration.ofSeconds(5), () -> {
                try (RawTurnClient d = client("127.0.0.3")) {
                    return answersBinding(d);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void notTurnClosesTheConnection() throws Exception {
        start(TurnServer.Caps.DEFAULT);
        try (Socket s = connect("127.0.0.1")) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {(byte) 0xC0, 0, 0, 0});
            out.flush();
            assertThat(closedWithin(s, Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void theEndOfAnAllocationClosesItsConnectionOnceTheReplyIsOut() throws Exception {
        start(TurnServer.Caps.DEFAULT);
        try (RawTurnClient c = client("127.0.0.1")) {
            c.allocate();
            assertThat(server.stats().allocations()).isEqualTo(1);
            assertThat(c.release()).as("Refresh with lifetime 0 answered").isZero();
            Poll.until("the server closes the connection", Duration.ofSeconds(5), c::ended);
            assertThat(server.stats().allocations()).isZero();
        }
    }
}
