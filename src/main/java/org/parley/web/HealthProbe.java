package org.parley.web;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import org.parley.config.Defaults;

/**
 * {@code java -cp parley.jar org.parley.web.HealthProbe [PATH]}: exits 0 when this machine's
 * Parley answers 200 on {@code PATH} (default {@code /readyz}), 1 otherwise. It is the container
 * image's HEALTHCHECK, which has no curl or wget; it reads the same {@code PARLEY_HOST} and
 * {@code PARLEY_PORT} as the server (so set the port through the environment, not a flag) and
 * needs nothing beyond {@code java.base}.
 */
public final class HealthProbe {
    /** Docker's own default health-check timeout is 30 s; a live server answers in milliseconds. */
    private static final int TIMEOUT_MS = 3000;

    private HealthProbe() {}

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/readyz";
        System.exit(healthy(target(System.getenv("PARLEY_HOST"), System.getenv("PARLEY_PORT"), path)) ? 0 : 1);
    }

    /** Loopback unless the server listens on one specific address. */
    static URI target(String host, String port, String path) {
        String h = host == null || host.isBlank() ? Defaults.HOST : host.strip();
        try {
            InetAddress a = InetAddress.ofLiteral(h);
            h = a.isAnyLocalAddress() ? "127.0.0.1" : h.contains(":") ? "[" + h + "]" : h;
        } catch (IllegalArgumentException name) {
            // a host name: use it as it is
        }
        String p = port == null || port.isBlank() ? Defaults.PORT : port.strip();
        return URI.create("http://" + h + ":" + p + (path.startsWith("/") ? path : "/" + path));
    }

    /** Plain HTTP first; a server with a certificate on that port is asked over HTTPS. */
    static boolean healthy(URI uri) {
        return healthy(uri, false) || healthy(URI.create(uri.toString().replaceFirst("^http:", "https:")), true);
    }

    private static boolean healthy(URI uri, boolean tls) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (tls && c instanceof javax.net.ssl.HttpsURLConnection https) {
                // A probe of this machine's own server reads one status code: any certificate will do.
                https.setSSLSocketFactory(trustAll().getSocketFactory());
                https.setHostnameVerifier((name, session) -> true);
            }
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static javax.net.ssl.SSLContext trustAll() throws java.security.GeneralSecurityException {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
