package org.parley.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.config.ConfigException;

/**
 * Token keys from PEM files as openssl writes them: a public key ({@code BEGIN PUBLIC KEY}, or a
 * certificate holding one) that verifies, an unencrypted PKCS#8 private key that signs. A file
 * that is not what the flag needs fails the start with the flag named.
 */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private PemKeys() {}

    /** {@code keyAlgorithm}: "RSA" or "EC". */
    static PublicKey publicKey(String file, String keyAlgorithm, String flag) {
        Matcher m = BLOCK.matcher(read(file, flag));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            try {
                PublicKey key = switch (m.group(1)) {
                    case "PUBLIC KEY" -> KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der));
                    case "CERTIFICATE" -> checked(CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)).getPublicKey(), keyAlgorithm, flag);
                    default -> null; // another block (a private key kept alongside): look further
                };
                if (key != null) {
                    return key;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new ConfigException(flag, file + " does not hold an " + keyAlgorithm + " public key");
            }
        }
        throw new ConfigException(flag, file + " holds no 'BEGIN PUBLIC KEY' (or CERTIFICATE) block");
    }

    static PrivateKey privateKey(String file, String keyAlgorithm, String flag) {
        Matcher m = BLOCK.matcher(read(file, flag));
        while (m.find()) {
            if (m.group(1).equals("PRIVATE KEY")) {
                try {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new ConfigException(flag, file + " does not hold an " + keyAlgorithm + " PKCS#8 private key");
                }
            }
        }
        throw new ConfigException(flag, file + " holds no 'BEGIN PRIVATE KEY' block (convert a PKCS#1 or SEC1 key "
                + "with 'openssl pkcs8 -topk8 -nocrypt')");
    }

    private static PublicKey checked(PublicKey key, String keyAlgorithm, String flag) {
        if (!key.getAlgorithm().equals(keyAlgorithm)) {
            throw new ConfigException(flag, "the certificate's key is " + key.getAlgorithm() + ", not " + keyAlgorithm);
        }
        return key;
    }

    private static String read(String file, String flag) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(flag, "cannot read " + file);
        }
    }
}
