package org.parley.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for LANs, generated once into the data directory and reused, so that
 * the fingerprint people compare (or the exception they granted in the browser) stays the same
 * across restarts. It names localhost, this machine's host name and every interface address.
 * BouncyCastle builds it: it comes with acme4j anyway, and the JDK has no public API for this
 * ({@code keytool} in a subprocess would need the JDK's bin directory at run time).
 */
public final class SelfSigned {
    /** Browsers cap publicly trusted certificates, not self-signed ones: ten years spares a renewal. */
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** The common name that marks the placeholder served until ACME's certificate arrives. */
    static final String TEMPORARY = "Parley temporary";

    private SelfSigned() {
    }

    /** The stored pair, or a new one written to {@code dir} first. */
    public static PemFiles.Pair load(Path dir) throws IOException, GeneralSecurityException {
        Path cert = dir.resolve("self-signed.crt");
        Path key = dir.resolve("self-signed.key");
        if (Files.exists(cert) && Files.exists(key)) {
            return PemFiles.read(cert, key);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = certificate(keys, names(), "Parley self-signed");
        Files.createDirectories(dir);
        SecretFiles.write(key, PemFiles.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        SecretFiles.write(cert, PemFiles.pem("CERTIFICATE", certificate.getEncoded()));
        return PemFiles.read(cert, key);
    }

    /**
     * A throwaway in-memory certificate for {@code name}, served only until ACME delivers the real
     * one (the listener must be up before the CA can validate).
     */
    public static PemFiles.Pair temporary(String name) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        return new PemFiles.Pair(List.of(certificate(keys, Set.of(name), TEMPORARY)), keys.getPrivate());
    }

    /**
     * SHA-256 of the certificate's DER as Chromium's certificate viewer shows it: upper-case hex
     * pairs and spaces (colons would make it look like an IPv6 address to a log scrubber).
     */
    public static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(digest);
    }

    static X509Certificate certificate(KeyPair keys, Set<String> names, String commonName) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean address = name.contains(":") || name.matches("[0-9.]+");
            alternatives.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build the self-signed certificate", e);
        }
    }

    /** localhost, the host name, and every up interface's addresses (IPv6 without its zone). */
    static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (host.matches("[a-z0-9.-]+")) {
                names.add(host);
            }
        } catch (IOException e) {
            // no resolvable host name: addresses and localhost still work
        }
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp()) {
                    nic.inetAddresses().forEach(a -> names.add(a.getHostAddress().replaceFirst("%.*$", "")));
                }
            }
        } catch (SocketException e) {
            // interfaces unreadable (a sandbox): localhost only
        }
        return names;
    }

}
