package org.parley.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Telegram Bot API (the real one cannot be reached from the tests):
 * serves {@code getUpdates} from a queue the test fills, records every other call, and can be
 * told to fail the next requests with a 500, a 429 with {@code retry_after}, or a hang.
 */
public final class FakeBotApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token of the right shape; only this fake ever sees it. */
    public static final String TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef";
    /** The public address the tests give Parley as --base-url. */
    public static final String BASE = "https://calls.example.org";
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(BASE) + "/\\?room=([A-Za-z0-9_-]+)#([A-Za-z0-9_-]+)");

    /** A room link the bot wrote: its room and key. */
    public record Link(String room, String key) {
    }

    /** The first room link in a message text. */
    public static Link link(String text) {
        java.util.regex.Matcher m = LINK.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no room link in: " + text);
        }
        return new Link(m.group(1), m.group(2));
    }

    /** One recorded call: the method and its parameters (JSON-valued ones as text). */
    public record Call(String method, Map<String, String> params) {
        public JsonNode json(String param) {
            try {
                return JSON.readTree(params.get(param));
            } catch (IOException e) {
                throw new AssertionError(param + " is not JSON: " + params.get(param));
            }
        }
    }

    /** What the next request gets instead of an answer. */
    public sealed interface Fault permits Status500, TooMany, Hang {}

    public record Status500() implements Fault {}

    public record TooMany(int retryAfterSeconds) implements Fault {}

    public record Hang(Duration howLong) implements Fault {}

    private final String token;
    private final HttpServer server;
    private final BlockingQueue<ObjectNode> updates = new LinkedBlockingQueue<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger updateIds = new AtomicInteger(1000);
    private final AtomicInteger messageIds = new AtomicInteger(1);
    private final AtomicInteger faultsServed = new AtomicInteger();

    public FakeBotApi(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    /** The base URL to give Parley as {@code --telegram-api-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void fail(Fault... next) {
        faults.addAll(List.of(next));
    }

    public int faultsServed() {
        return faultsServed.get();
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits for a recorded call of this method matching a condition. */
    public Call await(String method, java.util.function.Predicate<Call> ok, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Call c : calls(method)) {
                if (ok.test(c)) {
                    return c;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no " + method + " matching within " + timeout + "; calls: " + calls);
    }

    /** A text message from a user, in a private chat or a group. */
    public void message(long chatId, String chatType, long userId, String firstName, String username, String language,
                        String text, ObjectNode replyTo) {
        ObjectNode m = JSON.createObjectNode();
        m.put("message_id", messageIds.incrementAndGet());
        m.put("date", System.currentTimeMillis() / 1000);
        m.set("chat", JSON.createObjectNode().put("id", chatId).put("type", chatType));
        m.set("from", user(userId, firstName, username, language));
        m.put("text", text);
        if (text.startsWith("/")) {
            ArrayNode entities = m.putArray("entities");
            entities.addObject().put("type", "bot_command").put("offset", 0).put("length", text.split("\\s")[0].length());
        }
        if (replyTo != null) {
            m.set("reply_to_message", replyTo);
        }
        ObjectNode u = JSON.createObjectNode().put("update_id", updateIds.incrementAndGet());
        u.set("message", m);
        updates.add(u);
    }

    /** A press on an inline button of a message the bot sent. */
    public void press(long chatId, int messageId, long userId, String firstName, String username, String data) {
        ObjectNode q = JSON.createObjectNode().put("id", "cb" + updateIds.get()).put("data", data)
                .put("chat_instance", "1");
        q.set("from", user(userId, firstName, username, "en"));
        ObjectNode m = JSON.createObjectNode().put("message_id", messageId).put("date", System.currentTimeMillis() / 1000);
        m.set("chat", JSON.createObjectNode().put("id", chatId).put("type", "private"));
        q.set("message", m);
        ObjectNode u = JSON.createObjectNode().put("update_id", updateIds.incrementAndGet());
        u.set("callback_query", q);
        updates.add(u);
    }

    public static ObjectNode user(long id, String firstName, String username, String language) {
        ObjectNode u = JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName);
        if (username != null) {
            u.put("username", username);
        }
        if (language != null) {
            u.put("language_code", language);
        }
        return u;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                respond(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                return;
            }
            String method = path.substring(prefix.length());
            Map<String, String> params = params(ex);
            Fault fault = faults.poll();
            if (fault != null) {
                faultsServed.incrementAndGet();
                switch (fault) {
                    case Status500 s -> respond(ex, 500, "<html>Bad Gateway</html>");
                    case TooMany t -> respond(ex, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: "
                            + "retry after " + t.retryAfterSeconds() + "\",\"parameters\":{\"retry_after\":"
                            + t.retryAfterSeconds() + "}}");
                    case Hang h -> {
                        sleep(h.howLong());
                        respond(ex, 502, "");
                    }
                }
                return;
            }
            String answer = switch (method) {
                case "getUpdates" -> getUpdates(params);
                case "getMe" -> "{\"ok\":true,\"result\":{\"id\":42,\"is_bot\":true,\"first_name\":\"Parley\","
                        + "\"username\":\"ParleyBot\"}}";
                case "sendMessage", "editMessageText" -> sent(params);
                default -> "{\"ok\":true,\"result\":true}";
            };
            if (!method.equals("getUpdates")) {
                calls.add(new Call(method, params));
            }
            respond(ex, 200, answer);
        }
    }

    private String getUpdates(Map<String, String> params) {
        long offset = Long.parseLong(params.getOrDefault("offset", "0"));
        int timeout = Integer.parseInt(params.getOrDefault("timeout", "0"));
        ArrayNode result = JSON.createArrayNode();
        try {
            ObjectNode first = updates.poll(Math.min(timeout, 2), TimeUnit.SECONDS);
            if (first != null) {
                List<ObjectNode> batch = new ArrayList<>(List.of(first));
                updates.drainTo(batch);
                batch.stream().filter(u -> u.get("update_id").asLong() >= offset).forEach(result::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return JSON.createObjectNode().put("ok", true).set("result", result).toString();
    }

    private String sent(Map<String, String> params) {
        int id = params.containsKey("message_id") ? Integer.parseInt(params.get("message_id")) : messageIds.incrementAndGet();
        params.put("_message_id", String.valueOf(id)); // what the bot was told, for tests that press its buttons
        ObjectNode m = JSON.createObjectNode().put("message_id", id)
                .put("date", System.currentTimeMillis() / 1000).put("text", params.get("text"));
        m.set("chat", JSON.createObjectNode().put("id", Long.parseLong(params.get("chat_id"))).put("type", "private"));
        return JSON.createObjectNode().put("ok", true).set("result", m).toString();
    }

    /** Form, multipart or JSON bodies, whichever the client sent. */
    private static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> out = new HashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            form(query, out);
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        if (type.startsWith("application/json") && !body.isBlank()) {
            JSON.readTree(body).properties().forEach(e ->
                    out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } else if (type.startsWith("multipart/form-data")) {
            String boundary = "--" + type.substring(type.indexOf("boundary=") + 9);
            for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
                int nameAt = part.indexOf("name=\"");
                int bodyAt = part.indexOf("\r\n\r\n");
                if (nameAt >= 0 && bodyAt >= 0) {
                    String name = part.substring(nameAt + 6, part.indexOf('"', nameAt + 6));
                    out.put(name, part.substring(bodyAt + 4).replaceAll("\r\n$", ""));
                }
            }
        } else if (!body.isBlank()) {
            form(body, out);
        }
        return out;
    }

    private static void form(String encoded, Map<String, String> out) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
