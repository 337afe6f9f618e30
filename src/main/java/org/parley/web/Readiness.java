package org.parley.web;

import java.util.Map;

/** What {@code /readyz} reports: ready or not, and one line per check. */
public record Readiness(boolean ready, Map<String, String> checks) {
    public Readiness {
        checks = Map.copyOf(checks);
    }
}
