package org.parley.hostile;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Whatever reaches a plain UDP socket, collected by a thread of its own. */
final class Heard {
    private final ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();

    Heard(DatagramSocket socket) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    got.add(new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    boolean nothing() {
        return got.isEmpty();
    }
}
