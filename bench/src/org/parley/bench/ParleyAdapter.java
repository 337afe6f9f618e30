package org.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Parley (docs/protocol.md): {@code hello} → {@code welcome}, {@code join} with the room's key →
 * {@code joined}; a relayed message is {@code signal} with {@code to}. Rooms are made beforehand by
 * {@code POST /api/rooms}, as a link's creator would, so both members of a pair enter with the key.
 */
final class ParleyAdapter extends Adapter {
    private final String jar;

    ParleyAdapter(String jar) {
        this.jar = jar;
    }

    @Override
    String name() {
        return "parley";
    }

    /**
     * Defaults except the limits a load generator trips by design: the per-connection message rate
     * (50/s), room creations per address (20), and the 30 s grace of a room made before its
     * first member arrives.
     */
    @Override
    List<String> command(int port) {
        String java = System.getProperty("java.home") + "/bin/java";
        // The JVM options Parley ships with (./parley, the systemd unit and the image use them).
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "@deploy/jvm.options"));
        // -Dparley.jvm="…": extra JVM options for the server, e.g. a flight recording while profiling.
        String extra = System.getProperty("parley.jvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--turn", "off", "--rate-per-second", "1000000", "--rate-burst", "1000000",
                "--join-failures-burst", "1000000", "--join-failures-per-minute", "1000000",
                "--room-grace", "10m", "--code-length", "8",
                "--data-dir", System.getProperty("java.io.tmpdir") + "/parley-bench-data"));
        return cmd;
    }

    @Override
    String path(Conn c) {
        return "/ws";
    }

    @Override
    void prepare(int port, List<Conn> conns) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rooms"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            for (int i = 0; i + 1 < conns.size(); i += 2) {
                HttpResponse<String> r = http.send(create, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("POST /api/rooms: " + r.statusCode() + " " + r.body());
                }
                for (Conn c : List.of(conns.get(i), conns.get(i + 1))) {
                    c.room = field(r.body(), "room");
                    c.roomKey = field(r.body(), "key");
                }
            }
        }
    }

    @Override
    void onOpen(Conn c) {
        c.loop.send(c, Frames.text("{\"type\":\"hello\",\"version\":1}"));
    }

    @Override
    void onText(Conn c, String text) {
        String type = field(text, "type");
        switch (type == null ? "" : type) {
            case "welcome" -> {
                c.id = field(text, "peer");
                c.loop.send(c, Frames.text("{\"type\":\"join\",\"room\":\"" + c.room + "\",\"name\":\"bench\",\"key\":\""
                        + c.roomKey + "\"}"));
            }
            case "joined" -> c.loop.joined(c);
            case "ping" -> c.loop.send(c, Frames.text("{\"type\":\"pong\"}"));
            case "error" -> System.err.println("  ! parley error to client " + c.index + ": " + text);
            default -> { } // peer-joined, room-state, …
        }
    }

    @Override
    String signal(Conn from, Conn to, String data) {
        return "{\"type\":\"signal\",\"to\":\"" + to.id + "\",\"data\":" + data + "}";
    }
}
