package org.parley.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import org.parley.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS certificate from whichever source the host chose: PEM files (reloaded when they
 * change), a self-signed certificate kept in the data directory, or ACME.
 */
public final class Certificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Certificates.class);

    private final ServerCertificate current;
    private final AutoCloseable updater;
    private final Acme acme;

    private Certificates(ServerCertificate current, AutoCloseable updater, Acme acme) {
        this.current = current;
        this.updater = updater;
        this.acme = acme;
    }

    /** Null when HTTPS is off. */
    public static Certificates start(Config config, ScheduledExecutorService scheduler)
            throws IOException, GeneralSecurityException {
        if (config.tls().enabled()) {
            Path cert = Path.of(config.tls().certificate());
            Path key = Path.of(config.tls().key());
            ServerCertificate current = new ServerCertificate(PemFiles.read(cert, key));
            return new Certificates(current, new PemWatcher(cert, key, current, scheduler), null);
        }
        if (config.https().selfSigned()) {
            Path dir = config.dataDir().resolve("tls");
            PemFiles.Pair pair = SelfSigned.load(dir);
            LOG.info("Self-signed certificate in {}: SHA-256 fingerprint {} (compare it with the one the browser shows)",
                    dir, SelfSigned.fingerprint(pair.leaf()));
            return new Certificates(new ServerCertificate(pair), () -> { }, null);
        }
        if (config.https().acme().enabled()) {
            ServerCertificate current = new ServerCertificate(Acme.initial(config.https().acme(), config.dataDir()));
            Acme acme = new Acme(config.https().acme(), config.dataDir(), current);
            return new Certificates(current, acme, acme);
        }
        return null;
    }

    /** Begins ACME orders and renewals; call once the plain-HTTP listener answers challenges. */
    public void begin() {
        if (acme != null) {
            acme.start();
        }
    }

    /** The key authorization for a pending ACME HTTP-01 token, or null. */
    public String challenge(String token) {
        return acme == null ? null : acme.challenge(token);
    }

    /** One context for every TLS listener; it always presents the current certificate. */
    public SSLContext context() {
        return current.context();
    }

    @Override
    public void close() {
        try {
            updater.close();
        } catch (Exception e) {
            // stopping a timer task or thread at exit: nothing left to do
        }
    }
}
