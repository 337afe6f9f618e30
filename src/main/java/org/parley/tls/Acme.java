package org.parley.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.parley.config.Https;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic certificates with ACME (RFC 8555) and the HTTP-01 challenge. Keeps the account key,
 * the domain key and the certificate chain in {@code DATA_DIR/acme/} (owner-only files), checks
 * the expiry every {@code --acme-check-interval} and, within {@code --acme-renew-before} of it,
 * orders a new certificate and installs it into the running server. A failed order is logged and
 * retried at the next check while the current certificate goes on being served.
 */
public final class Acme implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acme.class);
    /** Let's Encrypt validates within seconds; a minute covers a slow CA without hanging forever. */
    private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(90);

    private final Https.Acme settings;
    private final Path dir;
    private final ServerCertificate target;
    private final Map<String, String> challenges = new ConcurrentHashMap<>();
    /** Its own thread: an order waits on the CA for seconds, which the shared timer must not. */
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("parley-acme").daemon().factory());

    static {
        // acme4j makes its keys and CSRs with BouncyCastle by provider name. Added last, so that
        // the JDK's own providers keep serving everything else (TLS included).
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
    }

    public Acme(Https.Acme settings, Path dataDir, ServerCertificate target) {
        this.settings = settings;
        this.dir = dataDir.resolve("acme");
        this.target = target;
    }

    /** The certificate stored by an earlier run, or a throwaway self-signed one to start with. */
    public static PemFiles.Pair initial(Https.Acme settings, Path dataDir) throws GeneralSecurityException {
        Path dir = dataDir.resolve("acme");
        Path chain = dir.resolve(settings.domain() + ".crt");
        Path key = dir.resolve(settings.domain() + ".key");
        if (Files.exists(chain) && Files.exists(key)) {
            try {
                return PemFiles.read(chain, key);
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("Stored certificate for {} unusable ({}); ordering a new one", settings.domain(), e.getMessage());
            }
        }
        return SelfSigned.temporary(settings.domain());
    }

    /** Checks now (the first certificate is ordered at once), then every check interval. */
    public void start() {
        worker.scheduleWithFixedDelay(this::check, 0, settings.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The key authorization for a pending HTTP-01 token, or null. */
    public String challenge(String token) {
        return challenges.get(token);
    }

    private void check() {
        X509Certificate served = target.leaf();
        boolean ours = served.getIssuerX500Principal().equals(served.getSubjectX500Principal())
                && served.getSubjectX500Principal().getName().contains(SelfSigned.TEMPORARY);
        Instant due = served.getNotAfter().toInstant().minus(settings.renewBefore());
        if (!ours && Instant.now().isBefore(due)) {
            return;
        }
        try {
            PemFiles.Pair pair = order();
            target.install(pair);
            LOG.info("Certificate for {} {}: serial {}, valid until {}", settings.domain(),
                    ours ? "obtained" : "renewed", pair.leaf().getSerialNumber().toString(16),
                    pair.leaf().getNotAfter().toInstant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Certificate order for {} failed ({}); retrying in {}", settings.domain(),
                    scrub(String.valueOf(e.getMessage())), org.parley.config.Durations.format(settings.checkInterval()));
        }
    }

    private PemFiles.Pair order() throws Exception {
        Session session = session();
        KeyPair accountKey = keyPair(dir.resolve("account.key"));
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
        if (!settings.email().isEmpty()) {
            builder.addEmail(settings.email());
        }
        // Creating with a known key returns the existing account (RFC 8555 §7.3.1).
        Account account = builder.create(session);
        Order order = account.newOrder().domain(settings.domain()).create();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge = auth.findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new AcmeException("the CA offers no http-01 challenge"));
            challenges.put(challenge.getToken(), challenge.getAuthorization());
            try {
                challenge.trigger();
                Status status = challenge.waitForCompletion(ORDER_TIMEOUT);
                if (status != Status.VALID) {
                    throw new AcmeException("http-01 challenge " + status.name().toLowerCase(java.util.Locale.ROOT)
                            + challenge.getError().map(p -> ": " + p.getDetail().orElse(p.toString())).orElse(""));
                }
            } finally {
                challenges.remove(challenge.getToken());
            }
        }
        KeyPair domainKey = KeyPairUtils.createECKeyPair("secp256r1");
        order.execute(domainKey);
        Status status = order.waitForCompletion(ORDER_TIMEOUT);
        if (status != Status.VALID) {
            throw new AcmeException("order " + status.name().toLowerCase(java.util.Locale.ROOT)
                    + order.getError().map(p -> ": " + p.getDetail().orElse(p.toString())).orElse(""));
        }
        StringWriter chain = new StringWriter();
        order.getCertificate().writeCertificate(chain);
        Path chainFile = dir.resolve(settings.domain() + ".crt");
        Path keyFile = dir.resolve(settings.domain() + ".key");
        // Key first: a crash between the writes leaves a pair that fails to match, so a new order.
        SecretFiles.write(keyFile, PemFiles.pem("PRIVATE KEY", domainKey.getPrivate().getEncoded()));
        SecretFiles.write(chainFile, chain.toString());
        return PemFiles.read(chainFile, keyFile);
    }

    private Session session() throws IOException, GeneralSecurityException {
        URI directory = URI.create(settings.directory());
        if (settings.caCertificate().isEmpty()) {
            return new Session(directory);
        }
        SSLContext trusting = trusting(Path.of(settings.caCertificate()));
        return new Session(directory, new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings network) {
                return new HttpConnector(network) {
                    @Override
                    public java.net.http.HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(trusting);
                    }
                };
            }
        });
    }

    /** A context trusting only the CA in {@code --acme-ca-cert} (a private ACME server). */
    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemFiles.certificates(Files.readString(caFile, StandardCharsets.US_ASCII))) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyPair keyPair(Path file) throws IOException {
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                return KeyPairUtils.readKeyPair(r);
            }
        }
        KeyPair pair = KeyPairUtils.createECKeyPair("secp256r1");
        StringWriter text = new StringWriter();
        KeyPairUtils.writeKeyPair(pair, text);
        SecretFiles.write(file, text.toString());
        return pair;
    }

    /** CA error details name the addresses they tried; those stay out of the logs. */
    static String scrub(String message) {
        return message.replaceAll("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b", "<address>")
                .replaceAll("\\[?\\b[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}\\]?", "<address>");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
