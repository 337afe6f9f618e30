package org.parley.config;

/**
 * What may appear in logs. By default no IP address at all (the server's own included, so that a
 * grep for addresses finds nothing to judge), no token, key or password; {@code --log-ips} lets
 * addresses through for a host who needs them while troubleshooting.
 */
public final class LogPrivacy {
    private static volatile boolean ips;

    private LogPrivacy() {
    }

    /** Set once at start from {@code --log-ips}. */
    public static void logIps(boolean allowed) {
        ips = allowed;
    }

    /** The address as text when the host allows it, else a placeholder naming what it is. */
    public static String address(Object address, String what) {
        return ips ? String.valueOf(address).replaceFirst("^[^/]*/", "") : "<" + what + ">";
    }
}
