package org.parley.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What differs between the servers: how to start one, the WebSocket path, the handshake up to
 * "joined", and the frame that carries one relayed message. Everything else (sockets, framing,
 * timing) is shared, so the three are measured by the same code.
 */
abstract class Adapter {
    /** The marker of the intended send time inside a relayed message; 19 digits follow. */
    static final String TS = "\"ts\":\"";
    static final int TS_DIGITS = 19;

    abstract String name();

    /** The command that runs the server on {@code port} (loopback only). */
    abstract List<String> command(int port);

    /** Path and query of the WebSocket upgrade request. */
    abstract String path(Conn c);

    /** Work done before any client connects (untimed), such as creating rooms; pairs share a room. */
    void prepare(int port, List<Conn> conns) throws Exception {
        for (Conn c : conns) {
            c.room = "r" + (c.index / 2);
        }
    }

    /** The upgrade succeeded. */
    abstract void onOpen(Conn c);

    /** A text frame that is not a relayed message. Calls {@link Loop#joined} when the client is in. */
    abstract void onText(Conn c, String text);

    /** Sent every few seconds to every open client, for protocols whose server wants traffic. */
    void keepAlive(Conn c) { }

    /** The JSON text of one relayed message from {@code from} to {@code to}, before padding. */
    abstract String signal(Conn from, Conn to, String data);

    /** Builds {@code c.signalFrame}: a masked frame of exactly {@code size} payload bytes. */
    final void buildSignal(Conn c, int size) {
        String base = signal(c, c.partner, "{" + TS + "0".repeat(TS_DIGITS) + "\",\"pad\":\"PAD\"}");
        int pad = size - (base.length() - 3);
        if (pad < 0) {
            throw new IllegalArgumentException("message size " + size + " below the envelope " + base.length());
        }
        byte[] payload = base.replace("PAD", "x".repeat(pad)).getBytes(StandardCharsets.US_ASCII);
        c.signalFrame = Frames.text(payload);
        c.tsOffset = Frames.indexOf(c.signalFrame, 0, c.signalFrame.length, TS) + TS.length();
    }

    /** The value of a top-level-ish string field, by text search (enough for these replies). */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int i = json.indexOf(marker);
        if (i < 0) {
            return null;
        }
        int start = i + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    static Adapter of(String name, String jar, String nodeModules) {
        return switch (name) {
            case "parley" -> new ParleyAdapter(jar);
            case "peerjs" -> new PeerJsAdapter(nodeModules);
            case "socketio" -> new SocketIoAdapter(nodeModules);
            default -> throw new IllegalArgumentException("unknown server " + name + " (parley, peerjs, socketio)");
        };
    }
}
