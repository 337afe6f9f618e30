package org.parley.signaling;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which pages may open the signaling socket. Browsers always send Origin on a WebSocket upgrade,
 * so a foreign page cannot ride on a visitor's browser; clients that are not browsers send none
 * and are not the threat this guards against.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /** @param origin the Origin header or null; @param host the Host header of the same request */
    public boolean allows(String origin, String host) {
        return allows(origin, host, null);
    }

    /**
     * As {@link #allows(String, String)} for a request a trusted proxy forwarded: {@code host} is
     * then its X-Forwarded-Host and {@code scheme} its X-Forwarded-Proto (null when not given),
     * which the page's origin must match too.
     */
    public boolean allows(String origin, String host, String scheme) {
        if (scheme != null && origin != null && !any && !allowed.contains(origin.toLowerCase(Locale.ROOT))
                && !origin.toLowerCase(Locale.ROOT).startsWith(scheme.toLowerCase(Locale.ROOT) + "://")) {
            return false;
        }
        if (origin == null || any) {
            return true;
        }
        String normalized = origin.toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            URI uri = URI.create(normalized);
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equals(host.toLowerCase(Locale.ROOT)) || sameHostDefaultPort(uri, host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "https://a.org" against Host "a.org:443" and the like. */
    private static boolean sameHostDefaultPort(URI origin, String host) {
        int defaultPort = "https".equals(origin.getScheme()) ? 443 : 80;
        int port = origin.getPort() == -1 ? defaultPort : origin.getPort();
        return (origin.getHost() + ":" + port).equals(host.toLowerCase(Locale.ROOT))
                || (port == defaultPort && origin.getHost().equals(host.toLowerCase(Locale.ROOT)));
    }
}
