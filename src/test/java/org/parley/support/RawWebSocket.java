package org.parley.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client at the byte level, for playing a hostile one: it sends whatever frames (or
 * pieces of frames) a test builds, from a chosen loopback address, and reads only when asked.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Opens {@code /ws} from {@code local} and completes the opening handshake.
     *
     * @param receiveBuffer the socket's receive buffer in bytes (small: a client that stops
     *                      reading fills it sooner), or 0 for the default
     */
    public static RawWebSocket open(int port, InetAddress local, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(5_000);
        RawWebSocket ws = new RawWebSocket(s);
        ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
        }
        return ws;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A masked client frame (RFC 6455 §5.2) with FIN set. */
    public static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | opcode);
        header(f, payload.length);
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        f.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ key[i & 3]);
        }
        return f.toByteArray();
    }

    /** Only the header of a masked text frame announcing {@code length} bytes, with its mask key. */
    public static byte[] headerOnly(long length) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(14);
        f.write(0x81);
        header(f, length);
        f.writeBytes(new byte[] {1, 2, 3, 4});
        return f.toByteArray();
    }

    private static void header(ByteArrayOutputStream f, long length) {
        if (length < 126) {
            f.write(0x80 | (int) length);
        } else if (length < 65536) {
            f.write(0x80 | 126);
            f.write((int) (length >>> 8));
            f.write((int) length & 0xFF);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (length >>> (8 * i)) & 0xFF);
            }
        }
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendText(String text) throws IOException {
        write(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads until the server ends the connection, for at most {@code timeoutMillis}: true when
     * it did (end of stream or reset), false when it was still open at the end.
     */
    public boolean closedByServerWithin(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        byte[] sink = new byte[8192];
        try {
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Everything the server sent until it closed or {@code timeoutMillis} passed, as text frames' payloads. */
    public String readAllWithin(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (System.currentTimeMillis() < end) {
                socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            // closed or timed out: what came is what there is
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
