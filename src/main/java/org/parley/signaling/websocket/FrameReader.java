package org.parley.signaling.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.parley.limits.MemoryBudget;

/**
 * Reads the frames a client sends (RFC 6455 §5.2) from whatever pieces the network delivers and
 * hands each complete message to a {@link Sink}. Between frames it keeps only a 14-byte header
 * buffer, so an idle socket costs a few dozen bytes here. A payload's array grows as its bytes
 * arrive, never from the length the header announces: a header claiming 256 KiB that is never
 * followed by data costs a kilobyte, not 256 KiB. Every array it holds is reserved from the
 * process-wide {@link MemoryBudget} of messages in flight; when that is spent the frame is
 * refused with 1013 (try again later). A message in fragments is joined only when it has several.
 *
 * <p>No extension is ever negotiated, so every RSV bit must be clear (§5.2).
 */
final class FrameReader {
    /** What the reader found; called on the reading thread, in order. */
    interface Sink {
        void textMessage(String text);

        void binaryMessage();

        void pingFrame(byte[] payload);

        /** A close frame: its status (1005 when it carried none, §7.1.5) and reason. */
        void closeFrame(int status, String reason);

        /** A pong frame (unsolicited ones included, §5.5.3): nothing to answer, but it counts as traffic. */
        default void pongFrame() {
        }
    }

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;
    static final int NO_STATUS = 1005;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;
    static final int TOO_BIG = 1009;
    /** §7.4.1 via the IANA registry: the server is overloaded, the client may come back later. */
    static final int TRY_AGAIN_LATER = 1013;
    private static final byte[] EMPTY = new byte[0];
    /** A payload's first array: most signaling messages fit; bigger ones double as bytes arrive. */
    private static final int FIRST_CHUNK = 2048;

    private final Sink sink;
    private final int maxMessageBytes;
    private final MemoryBudget budget;
    /** Bytes of {@link #payload} and {@link #message} reserved from the budget. */
    private long reserved;
    private boolean released;
    /** When the frame (or fragmented message) in progress began, or 0 between messages. */
    private volatile long startedNanos;
    /** Up to 2 + 8 + 4 bytes: base header, extended length, masking key (§5.2). */
    private final byte[] head = new byte[14];
    private final byte[] key = new byte[4];
    private int headLength;
    private int opcode;
    private boolean fin;
    private byte[] payload;
    private int payloadLength;
    private int filled;
    /** The opcode of a fragmented message in progress (§5.4), or -1. */
    private int messageOpcode = -1;
    private byte[] message;
    private int messageLength;

    /** A reader with no process-wide budget (tests, tools). */
    FrameReader(Sink sink, int maxMessageBytes) {
        this(sink, maxMessageBytes, new MemoryBudget(Long.MAX_VALUE));
    }

    FrameReader(Sink sink, int maxMessageBytes, MemoryBudget budget) {
        this.sink = sink;
        this.maxMessageBytes = maxMessageBytes;
        this.budget = budget;
    }

    /** Consumes everything in {@code in}; throws at the first frame that breaks the protocol. */
    void feed(ByteBuffer in) throws FrameException {
        while (in.hasRemaining()) {
            if (payload == null) {
                if (!readHead(in)) {
                    return;
                }
            } else {
                if (filled == payload.length) {
                    grow(in.remaining());
                }
                int n = Math.min(in.remaining(), payload.length - filled);
                in.get(payload, filled, n);
                filled += n;
            }
            if (payload != null && filled == payloadLength) {
                byte[] done = payload;
                payload = null;
                unmask(done);
                frame(done);
                give(done.length);
                if (messageOpcode < 0) {
                    startedNanos = 0;
                }
                if (opcode == OP_CLOSE) {
                    return; // §5.5.1: nothing after a close frame is read
                }
            }
        }
    }

    /** The payload array doubles, or takes what has arrived, up to the announced length. */
    private void grow(int arriving) throws FrameException {
        int size = (int) Math.min(payloadLength, Math.max(2L * payload.length, (long) filled + arriving));
        take(size - payload.length);
        payload = Arrays.copyOf(payload, size);
    }

    /*
     * The budget calls are synchronized only against release(), which the socket's close may run
     * on another thread while a read is still in progress: what was given back stays given back.
     */
    private synchronized void take(long bytes) throws FrameException {
        if (released || !budget.tryReserve(bytes)) {
            throw new FrameException(TRY_AGAIN_LATER, "server busy");
        }
        reserved += bytes;
    }

    private synchronized void give(long bytes) {
        if (!released) {
            budget.release(bytes);
            reserved -= bytes;
        }
    }

    /**
     * When the frame or fragmented message now arriving began ({@link System#nanoTime}), or 0
     * when none is: read from other threads, to close a socket that starts a frame and stalls.
     */
    long startedNanos() {
        return startedNanos;
    }

    /** Gives back whatever the reader still holds (the socket is gone); later reads take nothing. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.release(reserved);
            reserved = 0;
        }
    }

    /** Collects header bytes; true once the header is complete and {@link #payload} is allocated. */
    private boolean readHead(ByteBuffer in) throws FrameException {
        while (in.hasRemaining()) {
            if (headLength == 0 && startedNanos == 0) {
                startedNanos = System.nanoTime();
            }
            head[headLength++] = in.get();
            if (headLength < 2) {
                continue;
            }
            int needed = headSize();
            if (headLength == 2) {
                checkBaseHeader();
            }
            if (headLength == needed) {
                startPayload(needed);
                return true;
            }
        }
        return false;
    }

    private int headSize() {
        int len7 = head[1] & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
    }

    private void checkBaseHeader() throws FrameException {
        int b0 = head[0] & 0xFF;
        if ((b0 & 0x70) != 0) {
            throw new FrameException(PROTOCOL_ERROR, "reserved bits set");
        }
        if ((head[1] & 0x80) == 0) {
            throw new FrameException(PROTOCOL_ERROR, "client frame not masked"); // §5.1
        }
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        boolean control = (opcode & 0x8) != 0;
        if (control) {
            if (opcode != OP_CLOSE && opcode != OP_PING && opcode != OP_PONG) {
                throw new FrameException(PROTOCOL_ERROR, "unknown opcode");
            }
            if (!fin || (head[1] & 0x7F) > 125) {
                throw new FrameException(PROTOCOL_ERROR, "fragmented or long control frame"); // §5.5
            }
        } else if (opcode == OP_CONTINUATION) {
            if (messageOpcode < 0) {
                throw new FrameException(PROTOCOL_ERROR, "continuation without a message");
            }
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            if (messageOpcode >= 0) {
                throw new FrameException(PROTOCOL_ERROR, "new message inside a fragmented one");
            }
        } else {
            throw new FrameException(PROTOCOL_ERROR, "unknown opcode");
        }
    }

    private void startPayload(int headSize) throws FrameException {
        int len7 = head[1] & 0x7F;
        long length = len7;
        if (len7 == 126) {
            length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (head[i] & 0xFF);
            }
            if (length < 0) {
                throw new FrameException(PROTOCOL_ERROR, "length with the top bit set"); // §5.2
            }
        }
        long total = length + (opcode == OP_CONTINUATION ? messageLength : 0);
        if (total > maxMessageBytes) {
            throw new FrameException(TOO_BIG, "message too big");
        }
        headLength = 0;
        payloadLength = (int) length;
        int first = (int) Math.min(length, FIRST_CHUNK);
        take(first);
        payload = first == 0 ? EMPTY : new byte[first];
        filled = 0;
        System.arraycopy(head, headSize - 4, key, 0, 4);
    }

    private void unmask(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            data[i] ^= key[i & 3];
        }
    }

    private void frame(byte[] data) throws FrameException {
        switch (opcode) {
            case OP_PING -> sink.pingFrame(data);
            case OP_PONG -> sink.pongFrame();
            case OP_CLOSE -> close(data);
            case OP_CONTINUATION -> {
                append(data);
                if (fin) {
                    byte[] whole = Arrays.copyOf(message, messageLength);
                    int op = messageOpcode;
                    give(message.length);
                    message = null;
                    messageLength = 0;
                    messageOpcode = -1;
                    deliver(op, whole);
                }
            }
            default -> {
                if (fin) {
                    deliver(opcode, data);
                } else {
                    messageOpcode = opcode;
                    append(data);
                }
            }
        }
    }

    private void append(byte[] data) throws FrameException {
        if (message == null) {
            take(Math.max(64, data.length));
            message = data.length == 0 ? new byte[64] : data.clone();
            messageLength = data.length;
            return;
        }
        if (messageLength + data.length > message.length) {
            // Never beyond the limit: the header check already refused a message that would pass it.
            int size = Math.min(maxMessageBytes, Math.max(messageLength + data.length, message.length * 2));
            take(size - message.length);
            message = Arrays.copyOf(message, size);
        }
        System.arraycopy(data, 0, message, messageLength, data.length);
        messageLength += data.length;
    }

    private void deliver(int op, byte[] data) throws FrameException {
        if (op == OP_TEXT) {
            sink.textMessage(utf8(data));
        } else {
            sink.binaryMessage();
        }
    }

    private void close(byte[] data) throws FrameException {
        if (data.length == 0) {
            sink.closeFrame(NO_STATUS, "");
            return;
        }
        if (data.length == 1) {
            throw new FrameException(PROTOCOL_ERROR, "close payload of one byte"); // §5.5.1
        }
        int status = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        if (!sendable(status)) {
            throw new FrameException(PROTOCOL_ERROR, "close status " + status + " may not be sent");
        }
        sink.closeFrame(status, utf8(Arrays.copyOfRange(data, 2, data.length)));
    }

    /** §7.4.1–7.4.2: the statuses an endpoint may put in a close frame. */
    static boolean sendable(int status) {
        return (status >= 1000 && status <= 1003) || (status >= 1007 && status <= 1011)
                || (status >= 3000 && status <= 4999);
    }

    /** Text payloads must be valid UTF-8 (§8.1); most signaling is ASCII and takes the fast path. */
    static String utf8(byte[] data) throws FrameException {
        boolean ascii = true;
        for (byte b : data) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new FrameException(INVALID_DATA, "text is not UTF-8");
        }
    }
}
