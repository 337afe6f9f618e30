package org.parley.signaling.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Frames as a client writes them (RFC 6455 §5.2), for the tests of the socket layer. */
final class ClientFrames {
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ClientFrames() {}

    /** A frame with first byte {@code first} (FIN, RSV, opcode), masked unless told otherwise. */
    static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(mask | payload.length);
        } else if (payload.length < 65536) {
            out.write(mask | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        if (masked) {
            out.writeBytes(KEY);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ KEY[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    /** A masked frame carrying {@code text} in UTF-8. */
    static byte[] frame(int first, String text) {
        return frame(first, text.getBytes(StandardCharsets.UTF_8), true);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
