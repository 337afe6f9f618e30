package org.parley.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Fresh RSA and EC key pairs written as the PEM files openssl makes, for the auth tests. */
public record Keys(KeyPair pair, Path publicPem, Path privatePem) {
    public static Keys rsa(Path dir) {
        return write(dir, "rsa", generate("RSA", null));
    }

    public static Keys ec(Path dir) {
        return write(dir, "ec", generate("EC", "secp256r1"));
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Keys write(Path dir, String name, KeyPair pair) {
        Path pub = dir.resolve(name + "-public.pem");
        Path priv = dir.resolve(name + "-private.pem");
        try {
            Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Keys(pair, pub, priv);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
