package org.parley.config;

import java.time.Duration;

/**
 * Where the HTTPS certificate comes from, besides {@link TlsFiles}: generated once and self-signed
 * (LANs), or obtained and renewed with ACME. {@code httpPort} is the plain-HTTP listener that
 * redirects to HTTPS and answers ACME challenges, or -1 for none.
 */
public record Https(int httpPort, boolean selfSigned, Acme acme) {
    public Https {
        if (httpPort < -1 || httpPort > 65535) {
            throw new ConfigException("http-port", httpPort + " is not a TCP port (0-65535, or off)");
        }
    }

    /** ACME (RFC 8555) settings; {@code domain} empty means no automatic certificate. */
    public record Acme(String domain, String email, String directory, String caCertificate, Duration renewBefore,
                       Duration checkInterval) {
        public Acme {
            if (!domain.isEmpty() && !domain.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new ConfigException("domain", "'" + domain + "' is not a host name like calls.example.org");
            }
            if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ConfigException("acme-email", "'" + email + "' is not an e-mail address");
            }
            if (!directory.matches("(https|acme)://\\S+")) {
                throw new ConfigException("acme-directory", "'" + directory + "' is not an https:// or acme:// URL");
            }
            if (!caCertificate.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(caCertificate))) {
                throw new ConfigException("acme-ca-cert", "cannot read " + caCertificate);
            }
            if (renewBefore.isNegative() || renewBefore.isZero()) {
                throw new ConfigException("acme-renew-before", "must be positive");
            }
            if (checkInterval.toMillis() < 500) {
                throw new ConfigException("acme-check-interval", "must be at least 500ms");
            }
        }

        public boolean enabled() {
            return !domain.isEmpty();
        }
    }
}
