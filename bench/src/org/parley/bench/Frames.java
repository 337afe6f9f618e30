package org.parley.bench;

import java.nio.charset.StandardCharsets;

/** RFC 6455 client frames. The mask key is zero (§5.3 asks for it unpredictable; servers do not check), so the payload is sent as is. */
final class Frames {
    private Frames() {}

    static byte[] text(byte[] payload) {
        return frame(0x1, payload);
    }

    static byte[] text(String s) {
        return text(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + n];
        f[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        // bytes header..header+3 are the zero mask key
        System.arraycopy(payload, 0, f, header + 4, n);
        return f;
    }

    /** A close frame with status 1000. */
    static byte[] close() {
        return frame(0x8, new byte[] {0x03, (byte) 0xE8});
    }

    static int indexOf(byte[] b, int from, int to, String ascii) {
        int m = ascii.length();
        outer:
        for (int i = from; i <= to - m; i++) {
            for (int j = 0; j < m; j++) {
                if (b[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
