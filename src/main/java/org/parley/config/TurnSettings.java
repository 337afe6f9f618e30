package org.parley.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.parley.turn.Cidr;

/**
 * The relay settings. {@code EMBEDDED} runs Parley's own STUN/TURN server; {@code EXTERNAL}
 * hands browsers another TURN REST server's URLs (coturn with {@code use-auth-secret}) with
 * credentials minted from the shared secret; {@code OFF} relays nothing.
 */
public record TurnSettings(
        Mode mode,
        int port,
        String publicAddress,
        int relayMin,
        int relayMax,
        String secret,
        String realm,
        Duration credentialTtl,
        List<Cidr> allowPeers,
        int quota,
        int maxKbps,
        List<String> urls,
        int tlsPort,
        String host,
        int allocationsPerAddress,
        int tcpPerAddress,
        int tcpMax) {

    public enum Mode { EMBEDDED, EXTERNAL, OFF }

    public TurnSettings {
        allowPeers = List.copyOf(allowPeers);
        urls = List.copyOf(urls);
        require(port >= 0 && port <= 65535, "turn-port", port + " is not a port (0-65535)");
        require(tlsPort >= 0 && tlsPort <= 65535, "turn-tls-port", tlsPort + " is not a port (0-65535)");
        require(relayMin >= 1024 && relayMin <= relayMax && relayMax <= 65535, "turn-relay-ports",
                "must be a range like 49152-65535 within 1024-65535");
        require(!realm.isBlank(), "turn-realm", "must not be empty");
        require(credentialTtl.toSeconds() >= 10, "turn-credential-ttl", "must be at least 10s");
        require(quota >= 1, "turn-quota", "must be at least 1");
        require(allocationsPerAddress >= 1, "turn-allocations-per-address", "must be at least 1");
        require(tcpPerAddress >= 1, "turn-tcp-per-address", "must be at least 1");
        require(tcpMax >= tcpPerAddress, "turn-tcp-max", "must be at least --turn-tcp-per-address");
        require(maxKbps >= 0, "turn-max-kbps", "must not be negative (0 means no cap)");
        require(publicAddress.isEmpty() || literal(publicAddress), "turn-public-address",
                "'" + publicAddress + "' is not an IP address");
        require(host.isEmpty() || host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]"), "turn-host",
                "'" + host + "' is not a host name or address");
        if (mode == Mode.EXTERNAL) {
            require(!urls.isEmpty(), "turn-urls", "required with --turn external");
            require(!secret.isEmpty(), "turn-secret", "required with --turn external (coturn's static-auth-secret)");
        }
        for (String url : urls) {
            require(url.matches("(stun|stuns|turn|turns):[^\\s]+"), "turn-urls",
                    "'" + url + "' is not a stun:, turn: or turns: URL");
        }
    }

    /** Never prints the shared secret. */
    @Override
    public String toString() {
        return "TurnSettings[mode=" + mode + ", port=" + port + ", publicAddress=" + publicAddress + ", relayPorts="
                + relayMin + "-" + relayMax + ", secret=" + (secret.isEmpty() ? "" : "<hidden>") + ", realm=" + realm
                + ", credentialTtl=" + credentialTtl + ", allowPeers=" + allowPeers + ", quota=" + quota
                + ", maxKbps=" + maxKbps + ", urls=" + urls + ", tlsPort=" + tlsPort + ", host=" + host + ", allocationsPerAddress=" + allocationsPerAddress
                + ", tcpPerAddress=" + tcpPerAddress + ", tcpMax=" + tcpMax + "]";
    }

    /** True for an IPv4 or IPv6 literal; never resolves a name. */
    static boolean literal(String text) {
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
