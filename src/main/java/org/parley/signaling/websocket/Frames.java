package org.parley.signaling.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The frames a server writes (RFC 6455 §5.2: unmasked, never fragmented) and the handshake's accept key. */
final class Frames {
    /** §1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Frames() {}

    /** The header of an unfragmented frame carrying {@code length} bytes. */
    static ByteBuffer header(int opcode, int length) {
        byte[] h;
        if (length < 126) {
            h = new byte[] {(byte) (0x80 | opcode), (byte) length};
        } else if (length < 65536) {
            h = new byte[] {(byte) (0x80 | opcode), 126, (byte) (length >>> 8), (byte) length};
        } else {
            h = new byte[10];
            h[0] = (byte) (0x80 | opcode);
            h[1] = 127;
            for (int i = 0; i < 8; i++) {
                h[9 - i] = (byte) ((long) length >>> (8 * i));
            }
        }
        return ByteBuffer.wrap(h);
    }

    /** A close frame (§5.5.1); the reason is cut to fit the 125-byte control payload. */
    static ByteBuffer close(int status, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 123);
        ByteBuffer b = ByteBuffer.allocate(4 + n);
        b.put((byte) (0x80 | FrameReader.OP_CLOSE)).put((byte) (2 + n)).putShort((short) status).put(text, 0, n);
        return b.flip();
    }

    /** §4.2.2: base64 of the SHA-1 of the client's key and the GUID. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
