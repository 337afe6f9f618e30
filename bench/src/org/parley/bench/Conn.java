package org.parley.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/** One client socket of the generator; touched only by its {@link Loop}'s thread. */
final class Conn {
    enum State { CONNECTING, UPGRADING, OPEN, CLOSED }

    final int index;
    final Loop loop;
    SocketChannel channel;
    SelectionKey key;
    State state = State.CONNECTING;
    /** Bytes read but not yet a whole frame (or, while upgrading, the partial HTTP response). */
    byte[] pending;
    int pendingLength;
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    /** The id the server knows this client by (assigned by the server or chosen by the adapter). */
    volatile String id;
    volatile boolean joined;
    /** When this client's connect-and-join began (the storm's common start), and when it was in. */
    long startNanos;
    long joinedNanos;
    /** Room and key for protocols with rooms; set before connecting. */
    String room;
    String roomKey;
    /** The client this one relays messages to, and the frame template for them. */
    Conn partner;
    byte[] signalFrame;
    int tsOffset;
    /** Adapter's handshake step. */
    int step;

    Conn(int index, Loop loop) {
        this.index = index;
        this.loop = loop;
    }
}
