package org.parley.support;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** What a TLS server presents, read by a client that trusts anything (tests only). */
public final class TlsProbe {
    private TlsProbe() {}

    public static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP client for HTTPS servers with test certificates; it does not follow redirects. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(trustAll()).build();
    }

    /** The leaf certificate the server on 127.0.0.1:{@code port} presents for {@code serverName}. */
    public static X509Certificate served(int port, String serverName) {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            if (serverName != null) {
                javax.net.ssl.SSLParameters p = socket.getSSLParameters();
                p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
                socket.setSSLParameters(p);
            }
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static X509Certificate served(int port) {
        return served(port, null);
    }
}
