package org.parley.bench;

import java.util.List;

/**
 * The PeerJS server (npm {@code peer}): the client picks its id and is in once the server says
 * {@code OPEN}; there are no rooms. A relayed message is {@code CANDIDATE} with {@code dst}, the
 * most frequent kind in a call's signaling.
 */
final class PeerJsAdapter extends Adapter {
    private final String peers;

    PeerJsAdapter(String peersDir) {
        this.peers = peersDir;
    }

    @Override
    String name() {
        return "peerjs";
    }

    @Override
    List<String> command(int port) {
        return List.of("node", peers + "/peerjs-server.js", String.valueOf(port));
    }

    @Override
    String path(Conn c) {
        c.id = "c" + c.index;
        return "/peerjs?key=peerjs&id=" + c.id + "&token=t" + c.index;
    }

    @Override
    void onOpen(Conn c) { }

    @Override
    void onText(Conn c, String text) {
        String type = field(text, "type");
        if ("OPEN".equals(type)) {
            c.loop.joined(c);
        } else if ("ERROR".equals(type) || "ID-TAKEN".equals(type)) {
            System.err.println("  ! peerjs to client " + c.index + ": " + text);
        }
    }

    /** The PeerJS client sends HEARTBEAT every 5 s; the server drops a client silent for 60 s. */
    @Override
    void keepAlive(Conn c) {
        c.loop.send(c, Frames.text("{\"type\":\"HEARTBEAT\"}"));
    }

    @Override
    String signal(Conn from, Conn to, String data) {
        return "{\"type\":\"CANDIDATE\",\"dst\":\"" + to.id + "\",\"payload\":" + data + "}";
    }
}
