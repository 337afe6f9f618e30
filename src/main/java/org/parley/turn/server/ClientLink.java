package org.parley.turn.server;

import java.net.InetSocketAddress;

/**
 * The client side of a 5-tuple (RFC 8656 §2): where replies, Data indications and ChannelData
 * go. Equal links are the same 5-tuple, so a link is the key of its allocation.
 */
interface ClientLink {
    /** Sends one frame; best effort, as UDP is. */
    void send(byte[] frame);

    /** The client's address as the server sees it (the reflexive address). */
    InetSocketAddress remote();

    /** True on stream transports, where ChannelData is padded to 4 bytes (RFC 8656 §12.5). */
    boolean stream();

    /** The transport name for logs and metrics. */
    String transport();

    /** This 5-tuple's allocation ended; a stream connection closes with it, so that it never outlives what it was for. */
    default void endOfAllocation() {
    }
}
