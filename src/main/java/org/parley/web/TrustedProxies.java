package org.parley.web;

import java.net.InetAddress;
import java.util.List;
import org.parley.turn.Cidr;

/**
 * Which reverse proxies may tell us who the client is ({@code --trusted-proxies}). Only when the
 * TCP peer is one of them are {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} believed;
 * anyone else could write those headers to dodge the per-address limits or pass the Origin check.
 */
public final class TrustedProxies {
    private final List<Cidr> proxies;

    public TrustedProxies(List<Cidr> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /**
     * The client's address: the peer itself, or behind trusted proxies the rightmost
     * {@code X-Forwarded-For} entry that is not a trusted proxy (entries further left were written
     * by whoever sent the request and prove nothing). An entry that is not an address stops the walk.
     */
    public String client(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusts(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!literal(hop)) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The first (client-facing) value of a forwarded header from a trusted peer, else {@code direct}. */
    public String forwarded(String peer, String header, String direct) {
        if (header == null || header.isBlank() || !trusts(peer)) {
            return direct;
        }
        return header.split(",")[0].strip();
    }

    boolean trusts(String address) {
        if (proxies.isEmpty() || address == null || !literal(address)) {
            return false;
        }
        byte[] raw = InetAddress.ofLiteral(address).getAddress();
        return proxies.stream().anyMatch(c -> c.contains(raw));
    }

    private static boolean literal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
