package org.parley.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code --tls-cert}/{@code --tls-key} when either file changes (certbot's renewal, a
 * mounted Kubernetes secret). Polling the modification times works where a WatchService does not
 * (symlink swaps, network and container file systems). A pair that does not parse or does not
 * belong together is logged and the served one kept; the next change is tried again.
 */
public final class PemWatcher implements AutoCloseable {
    /** Quick enough that a renewal shows within seconds, cheap enough to not matter (two stat calls). */
    static final long POLL_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(PemWatcher.class);

    private final Path certificate;
    private final Path key;
    private final ServerCertificate target;
    private FileTime certificateSeen;
    private FileTime keySeen;
    private final ScheduledFuture<?> task;

    public PemWatcher(Path certificate, Path key, ServerCertificate target, ScheduledExecutorService scheduler)
            throws IOException {
        this.certificate = certificate;
        this.key = key;
        this.target = target;
        certificateSeen = modified(certificate);
        keySeen = modified(key);
        task = scheduler.scheduleWithFixedDelay(this::check, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        FileTime c;
        FileTime k;
        try {
            c = modified(certificate);
            k = modified(key);
        } catch (IOException e) {
            return; // mid-replacement (a rename in progress): look again at the next poll
        }
        if (c.equals(certificateSeen) && k.equals(keySeen)) {
            return;
        }
        certificateSeen = c;
        keySeen = k;
        try {
            PemFiles.Pair pair = PemFiles.read(certificate, key);
            target.install(pair);
            LOG.info("TLS certificate reloaded from {}: serial {}, valid until {}", certificate,
                    pair.leaf().getSerialNumber().toString(16), pair.leaf().getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("TLS certificate files changed but cannot be used ({}); still serving the previous one",
                    e.getMessage());
        }
    }

    private static FileTime modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
