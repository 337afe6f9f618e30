package org.parley.limits;

/**
 * Every kind of newcomer the server turns away, or stalled client it cuts, to protect the calls
 * already running. Each has a stable metric label ({@code parley_refusals_total{reason}}) and the
 * words of its (rate-limited, address-free) log line.
 */
public enum Refusal {
    WS_PER_ADDRESS("ws-per-address", "WebSocket refused: its address holds the most sockets allowed (--max-sockets-per-address)"),
    WS_MEMORY("ws-memory", "WebSocket refused: messages in flight fill the memory budget (--message-memory)"),
    WS_SLOW_READER("ws-slow-reader", "WebSocket dropped: its client stopped reading (--outbox-bytes, --outbox-limit)"),
    WS_STALLED("ws-stalled", "WebSocket closed: a frame began and did not finish in time"),
    WS_OVERSIZED("ws-oversized", "WebSocket closed: a message far over --max-message-bytes"),
    LOCKED_OUT("locked-out", "room entry or creation refused: its address used up its attempts (--join-failures-*)"),
    TURN_TCP_PER_ADDRESS("turn-tcp-per-address", "TURN TCP/TLS connection refused: its address holds the most allowed (--turn-tcp-per-address)"),
    TURN_TCP_TOTAL("turn-tcp-total", "TURN TCP/TLS connection refused: the server holds the most allowed (--turn-tcp-max)"),
    TURN_TCP_STALLED("turn-tcp-stalled", "TURN TCP/TLS connection closed: idle, or a frame did not finish in time"),
    TURN_ALLOCATIONS_PER_ADDRESS("turn-allocations-per-address", "TURN allocation refused: its address holds the most allowed (--turn-allocations-per-address)"),
    TURN_PEER_FORBIDDEN("turn-peer-forbidden", "TURN peer refused (403): a private, loopback or own address that is no live relay"),
    TURN_CREDENTIALS("turn-credentials", "TURN credentials refused: no valid access token (--auth join)");

    private final String label;
    private final String line;

    Refusal(String label, String line) {
        this.label = label;
        this.line = line;
    }

    public String label() {
        return label;
    }

    String line() {
        return line;
    }
}
