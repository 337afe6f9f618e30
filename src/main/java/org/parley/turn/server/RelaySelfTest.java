package org.parley.turn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.parley.config.LogPrivacy;
import org.parley.turn.TurnCredentials;

/**
 * The start-up relay self-test: two clients allocate on the embedded server, permit each other
 * and pass one datagram through both relays, exactly what two relayed browsers do. The verdict
 * goes to the log and to {@code /readyz}.
 */
public final class RelaySelfTest {
    /** The outcome: passed or not, and a sentence for the log. */
    public record Verdict(boolean passed, String detail) {
    }

    private RelaySelfTest() {
    }

    public static Verdict run(InetAddress host, int port, TurnCredentials credentials) {
        InetSocketAddress server = new InetSocketAddress(host, port);
        byte[] probe = ("parley-self-test-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        TurnCredentials.Credential c = credentials.mint();
        Duration timeout = Duration.ofSeconds(3);
        try (TurnClient a = new TurnClient(server, c.username(), c.password(), timeout);
             TurnClient b = new TurnClient(server, c.username(), c.password(), timeout)) {
            InetSocketAddress relayA = a.allocate();
            InetSocketAddress relayB = b.allocate();
            a.permit(relayB);
            b.permit(relayA);
            a.send(relayB, probe);
            TurnClient.Received got = b.receive();
            if (!Arrays.equals(got.data(), probe) || !got.peer().equals(relayA)) {
                return new Verdict(false, "a datagram came back changed or from the wrong address");
            }
            return new Verdict(true, "allocated two relays (" + LogPrivacy.address(relayA, "relay address") + ", "
                    + LogPrivacy.address(relayB, "relay address") + ") and relayed a datagram between them");
        } catch (Exception e) {
            // A socket closed under the test (the server stopping) says nothing but its class.
            return new Verdict(false, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }
}
