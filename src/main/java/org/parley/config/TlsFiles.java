package org.parley.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** The PEM certificate chain and private key (both or neither); used by the TURN TLS listener. */
public record TlsFiles(String certificate, String key) {
    public TlsFiles {
        if (certificate.isEmpty() != key.isEmpty()) {
            throw new ConfigException(certificate.isEmpty() ? "tls-cert" : "tls-key",
                    "--tls-cert and --tls-key go together");
        }
        if (!certificate.isEmpty() && !Files.isReadable(Path.of(certificate))) {
            throw new ConfigException("tls-cert", "cannot read " + certificate);
        }
        if (!key.isEmpty() && !Files.isReadable(Path.of(key))) {
            throw new ConfigException("tls-key", "cannot read " + key);
        }
    }

    public boolean enabled() {
        return !certificate.isEmpty();
    }
}
