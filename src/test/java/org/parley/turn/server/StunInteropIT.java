package org.parley.turn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** coturn's own STUN client against the embedded server. */
@Timeout(60)
class StunInteropIT {
    @Test
    void turnutilsStunclientGetsItsOwnAddressBack() throws Exception {
        try (StunServer server = StunServer.start("127.0.0.1", 0)) {
            Process p = new ProcessBuilder("turnutils_stunclient", "-p", String.valueOf(server.port()),
                    "-L", "127.0.0.1", "127.0.0.1").redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stunclient finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as(out).containsPattern("UDP reflexive addr: 127\\.0\\.0\\.1:\\d+");
            assertThat(p.exitValue()).as(out).isZero();
        }
    }

    @Test
    void datagramsThatAreNotStunGetNoReply() throws Exception {
        try (StunServer server = StunServer.start("127.0.0.1", 0);
             java.net.DatagramSocket client = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(500);
            byte[] junk = "hello, are you a reflector?".getBytes(StandardCharsets.UTF_8);
            client.send(new java.net.DatagramPacket(junk, junk.length, new InetSocketAddress("127.0.0.1", server.port())));
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[1500], 1500);
            try {
                client.receive(reply);
                throw new AssertionError("a non-STUN datagram was answered");
            } catch (java.net.SocketTimeoutException expected) {
                // dropped, as it must be
            }
            // The server still answers real requests afterwards.
            byte[] request = new StunMessage(StunMessage.BINDING, StunMessage.MessageClass.REQUEST,
                    new byte[12], java.util.List.of()).encode();
            client.setSoTimeout(5000);
            client.send(new java.net.DatagramPacket(request, request.length, new InetSocketAddress("127.0.0.1", server.port())));
            client.receive(reply);
            StunMessage m = StunMessage.decode(reply.getData(), reply.getLength());
            assertThat(m.attribute(XorMappedAddress.class).orElseThrow().address().getPort()).isEqualTo(client.getLocalPort());
        }
    }
}
