package org.parley.signaling.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.signaling.websocket.ClientFrames.concat;
import static org.parley.signaling.websocket.ClientFrames.frame;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.support.TestServer;

/**
 * The socket layer against a client written byte by byte (RFC 6455): what a browser never sends
 * but the RFC allows or forbids, and how the server answers each.
 */
@Timeout(60)
class WebSocketIT {
    private static final String HELLO = "{\"type\":\"hello\",\"version\":1}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One server frame: opcode and payload. */
    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int status() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** A raw client socket after the opening handshake. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Client(byte[] afterRequest) throws IOException {
            socket = new Socket("127.0.0.1", server.port());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(request("13").getBytes(StandardCharsets.US_ASCII));
            first.writeBytes(afterRequest);
            out.write(first.toByteArray()); // one write: the frames ride behind the request
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase()).contains("sec-websocket-accept: " + Frames.accept(KEY).toLowerCase());
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        Frame read() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            assertThat(b0 & 0x80).as("server frames are not fragmented").isNotZero();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            return new Frame(b0 & 0x0F, payload);
        }

        /** Reads past heartbeat pings to the next text message. */
        Frame readMessage() throws IOException {
            Frame f;
            while ((f = read()).opcode() == 1 && f.text().contains("\"ping\"")) {
                // the server's heartbeat
            }
            return f;
        }

        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static String request(String version) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: " + version
                + "\r\n\r\n";
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void framesSentRightBehindTheUpgradeRequestAreRead() throws IOException {
        try (Client c = new Client(frame(0x81, HELLO))) {
            assertThat(c.readMessage().text()).contains("\"welcome\"");
        }
    }

    @Test
    void aFragmentedMessageIsOneMessageAndAPingBetweenItsFragmentsIsAnswered() throws IOException {
        try (Client c = new Client(new byte[0])) {
            c.send(concat(frame(0x01, HELLO.substring(0, 10)), frame(0x89, "are you there"),
                    frame(0x00, HELLO.substring(10, 20)), frame(0x80, HELLO.substring(20))));
            Frame pong = c.read();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.text()).isEqualTo("are you there");
            assertThat(c.readMessage().text()).contains("\"welcome\"");
        }
    }

    @Test
    void theClientsCloseIsEchoedAndTheServerEndsTheConnection() throws IOException {
        try (Client c = new Client(frame(0x81, HELLO))) {
            c.readMessage();
            c.send(frame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, "bye".getBytes(StandardCharsets.UTF_8)), true));
            Frame close = c.readMessage();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.status()).isEqualTo(1000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnmaskedFrameFailsTheConnectionWith1002() throws IOException {
        try (Client c = new Client(new byte[0])) {
            c.send(frame(0x81, HELLO.getBytes(StandardCharsets.UTF_8), false));
            assertThat(c.readMessage().text()).as("the reason, before the close").contains("\"code\":\"bad-frame\"");
            Frame close = c.readMessage();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.status()).isEqualTo(1002);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void textThatIsNotUtf8FailsTheConnectionWith1007() throws IOException {
        try (Client c = new Client(new byte[0])) {
            c.send(frame(0x81, new byte[] {'{', (byte) 0xC3, '(', '}'}, true));
            assertThat(c.readMessage().text()).as("the reason, before the close").contains("\"code\":\"bad-text\"");
            Frame close = c.readMessage();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.status()).isEqualTo(1007);
        }
    }

    @Test
    void aPlainRequestOrAnUnknownVersionIsNotUpgradedAndGets426() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ws")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(426);
            assertThat(plain.headers().firstValue("Sec-WebSocket-Version")).hasValue("13");
            assertThat(plain.body()).contains("\"code\":\"upgrade-required\"");
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request("8").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 426");
        }
    }
}
