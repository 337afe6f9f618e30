package org.parley.turn.server.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The UTF-8 text attributes (USERNAME, REALM, NONCE, SOFTWARE) share this bounded reader. */
final class Text {
    private Text() {
    }

    static String read(ByteBuffer value, int maxBytes, String name) throws StunException {
        if (value.remaining() > maxBytes) {
            throw new StunException(name + " too long");
        }
        byte[] b = new byte[value.remaining()];
        value.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Header, padding and at most 3 UTF-8 bytes per UTF-16 unit (U+FFFD for a byte that was not UTF-8). */
    static int sizeHint(String text) {
        return 8 + 3 * text.length();
    }

    static void write(ByteBuffer out, String text) {
        out.put(text.getBytes(StandardCharsets.UTF_8));
    }
}
