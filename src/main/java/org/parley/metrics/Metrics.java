package org.parley.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.parley.limits.Refusal;
import org.parley.limits.Refusals;
import org.parley.room.Rooms;
import org.parley.signaling.SignalingCounters;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.MessageType;
import org.parley.turn.server.TurnServer;

/**
 * The Prometheus view of one Parley process: rooms, participants, calls, connections, signaling
 * messages by type, errors by code, refusals by reason, TURN allocations and relayed bytes, and the JVM. Every meter
 * reads state that exists anyway, at scrape time; nothing is counted twice. Micrometer keeps only
 * weak references to what meters read, and a collected lambda reads as NaN: this object holds them.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Held here so that the meters' weak references to them stay valid. */
    private final IntSupplier connections;
    private final Supplier<TurnServer.Stats> turn;
    private boolean jvmBound;

    private final java.util.function.LongSupplier inFlight;

    public Metrics(Rooms rooms, IntSupplier connections, java.util.function.LongSupplier messageBytesInFlight,
                   Supplier<TurnServer.Stats> turn) {
        this.connections = connections;
        this.turn = turn;
        this.inFlight = messageBytesInFlight;
        Gauge.builder("parley_rooms", rooms, Rooms::count).description("Rooms on this node").register(registry);
        Gauge.builder("parley_participants", rooms, Rooms::participantCount)
                .description("People inside rooms").register(registry);
        Gauge.builder("parley_calls", rooms, Rooms::activeCalls).description("Calls running").register(registry);
        Gauge.builder("parley_connections", connections, IntSupplier::getAsInt)
                .description("Open signaling WebSockets").strongReference(true).register(registry);
        Gauge.builder("parley_messages_in_flight", inFlight, java.util.function.LongSupplier::getAsLong)
                .description("Signaling bytes queued to be written or partly read (see --message-memory)")
                .baseUnit("bytes").strongReference(true).register(registry);
        for (MessageType t : MessageType.values()) {
            if (t.sentByClient()) {
                FunctionCounter.builder("parley_messages_received", t, SignalingCounters::receivedCount)
                        .description("Signaling messages received").tag("type", t.wire()).register(registry);
            }
        }
        for (ErrorCode c : ErrorCode.values()) {
            FunctionCounter.builder("parley_errors", c, SignalingCounters::errors)
                    .description("Signaling errors sent").tag("code", c.code()).register(registry);
        }
        for (Refusal r : Refusal.values()) {
            FunctionCounter.builder("parley_refusals", r, Refusals::count)
                    .description("Newcomers refused and stalled clients cut to protect calls running")
                    .tag("reason", r.label()).register(registry);
        }
        Gauge.builder("parley_turn_allocations", turn, t -> t.get().allocations())
                .description("TURN allocations on the embedded relay").strongReference(true).register(registry);
        FunctionCounter.builder("parley_turn_relayed_bytes", turn, t -> t.get().relayedBytes())
                .description("Bytes relayed by the embedded TURN server").baseUnit("bytes").register(registry);
    }

    /** The text exposition format. */
    public String scrape() {
        bindJvmMeters();
        return registry.scrape();
    }

    /**
     * The JVM's own meters, bound at the first scrape: finding them goes through JMX (every
     * platform MXBean provider, JFR's included), a tenth of a second that start-up need not wait for.
     */
    private synchronized void bindJvmMeters() {
        if (jvmBound) {
            return;
        }
        jvmBound = true;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
