package org.parley.config;

/** Log output: JSON lines or plain text, and whether IP addresses may appear. */
public record Logging(boolean json, boolean ips) {
}
