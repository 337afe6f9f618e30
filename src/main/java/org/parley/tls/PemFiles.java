package org.parley.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * PEM files as certbot and most CAs write them: a certificate chain and an unencrypted PKCS#8
 * private key ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519).
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private PemFiles() {
    }

    /** A certificate chain with its key, checked to belong together. */
    public record Pair(List<X509Certificate> chain, PrivateKey key) {
        public Pair {
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.getFirst();
        }
    }

    /**
     * Reads and checks a pair: a half-replaced pair (new certificate, old key) fails here rather
     * than at the first handshake.
     */
    public static Pair read(Path certificate, Path key) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(Files.readString(certificate, StandardCharsets.US_ASCII));
        if (chain.isEmpty()) {
            throw new IOException(certificate + " holds no CERTIFICATE block");
        }
        List<byte[]> keys = blocks(Files.readString(key, StandardCharsets.US_ASCII), "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new IOException(key + " holds no 'BEGIN PRIVATE KEY' block (convert a PKCS#1 or SEC1 key with "
                    + "'openssl pkcs8 -topk8 -nocrypt')");
        }
        PrivateKey privateKey = privateKey(keys.getFirst());
        if (!belongTogether(privateKey, chain.getFirst())) {
            throw new GeneralSecurityException("the key in " + key + " does not belong to the certificate in " + certificate);
        }
        return new Pair(chain, privateKey);
    }

    /** A fixed TLS context from the files (no reload). */
    public static SSLContext context(Path certificate, Path key) throws IOException, GeneralSecurityException {
        ServerCertificate server = new ServerCertificate(read(certificate, key));
        return server.context();
    }

    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(pem, "CERTIFICATE")) {
            chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
        }
        return chain;
    }

    static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("the private key is not an EC, RSA or Ed25519 PKCS#8 key", last);
    }

    /** Signs a random message with the key and verifies it with the certificate's public key. */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] message = new byte[32];
        new SecureRandom().nextBytes(message);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static List<byte[]> blocks(String text, String label) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
