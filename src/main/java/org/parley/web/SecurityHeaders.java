package org.parley.web;

/** Headers on every response: a strict CSP (no inline code, no third-party hosts) and friends. */
final class SecurityHeaders {
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "connect-src 'self' ws: wss:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    private SecurityHeaders() {}

    static void apply(Exchange ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), "
                + "screen-wake-lock=(self), geolocation=()");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
