package org.parley.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's certificate, replaceable while running. HTTPS and TURN over TLS share one
 * {@link SSLContext} whose key manager reads the current pair at every handshake, so that
 * {@link #install} takes effect for the next connection on every listener; connections already
 * open keep the certificate they started with.
 */
public final class ServerCertificate {
    private static final char[] NONE = new char[0];

    private volatile Installed current;
    /** The pair before the current one, for a handshake that chose its alias just before a swap. */
    private volatile Installed previous;
    /**
     * Each pair gets its own alias, so that a handshake never pairs one certificate with another's
     * key: the chain and the key are looked up by the alias the handshake chose, in the current
     * pair or the one before it.
     */
    private final java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();
    private final SSLContext context;

    private record Installed(PemFiles.Pair pair, X509ExtendedKeyManager keys) {}

    public ServerCertificate(PemFiles.Pair initial) throws GeneralSecurityException {
        install(initial);
        context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {new Current()}, null, null);
    }

    public void install(PemFiles.Pair pair) throws GeneralSecurityException {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("parley-" + generation.incrementAndGet(), pair.key(), NONE, pair.chain().toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(store, NONE);
        Installed next = new Installed(pair, (X509ExtendedKeyManager) kmf.getKeyManagers()[0]);
        previous = current;
        current = next;
    }

    public X509Certificate leaf() {
        return current.pair().leaf();
    }

    public SSLContext context() {
        return context;
    }

    /** Delegates every call to the pair installed at that moment. */
    private final class Current extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509Certificate[] chain = current.keys().getCertificateChain(alias);
            Installed before = previous;
            return chain != null || before == null ? chain : before.keys().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            PrivateKey key = current.keys().getPrivateKey(alias);
            Installed before = previous;
            return key != null || before == null ? key : before.keys().getPrivateKey(alias);
        }
    }
}
