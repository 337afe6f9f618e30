package org.parley.bench;

import java.util.List;

/**
 * The Socket.IO 4 classic signaling server in bench/peers, spoken as Engine.IO 4 over a plain
 * WebSocket: open packet {@code 0{…}}, namespace connect {@code 40} → {@code 40{"sid":…}}, then
 * {@code join} with an acknowledgement ({@code 420[…]} → {@code 430[…]}). A relayed message is
 * the {@code signal} event with {@code to}. The server's ping ({@code 2}) is answered ({@code 3}).
 */
final class SocketIoAdapter extends Adapter {
    private final String peers;

    SocketIoAdapter(String peersDir) {
        this.peers = peersDir;
    }

    @Override
    String name() {
        return "socketio";
    }

    @Override
    List<String> command(int port) {
        return List.of("node", peers + "/socketio-server.js", String.valueOf(port));
    }

    @Override
    String path(Conn c) {
        return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    void onOpen(Conn c) { }

    @Override
    void onText(Conn c, String text) {
        if (text.equals("2")) {
            c.loop.send(c, Frames.text("3"));
        } else if (text.startsWith("0{")) {
            c.loop.send(c, Frames.text("40"));
        } else if (text.startsWith("40{")) {
            c.id = field(text, "sid");
            c.loop.send(c, Frames.text("420[\"join\",\"" + c.room + "\"]"));
        } else if (text.startsWith("430")) {
            c.loop.joined(c);
        } else if (text.startsWith("44")) {
            System.err.println("  ! socket.io to client " + c.index + ": " + text);
        }
    }

    @Override
    String signal(Conn from, Conn to, String data) {
        return "42[\"signal\",{\"to\":\"" + to.id + "\",\"data\":" + data + "}]";
    }
}
