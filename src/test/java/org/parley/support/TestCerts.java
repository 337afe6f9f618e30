package org.parley.support;

import java.nio.file.Path;

/** Throwaway certificates made with openssl: a test CA and server certificates it signs. */
public final class TestCerts {
    private final Path dir;

    /** Creates the CA in {@code dir}. */
    public TestCerts(Path dir) {
        this.dir = dir;
        Commands.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", ca().resolveSibling("ca.key").toString(), "-out", ca().toString(),
                "-days", "2", "-subj", "/CN=Parley Test CA");
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /**
     * A certificate for localhost and 127.0.0.1 signed by the CA, written to
     * {@code NAME.crt}/{@code NAME.key} (PKCS#8, as openssl 3 writes keys); returns the certificate file.
     */
    public Path server(String name, String commonName) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path ext = dir.resolve(name + ".ext");
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Commands.run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + commonName);
        Commands.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca().toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", ext.toString(), "-out", cert.toString());
        return cert;
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }
}
