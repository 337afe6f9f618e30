package org.parley.turn;

import java.util.List;

/**
 * Where a session's ICE-server list comes from. The list is built per session so that a TURN
 * server with short-lived credentials can mint fresh ones for each caller.
 */
@FunctionalInterface
public interface IceServers {
    List<IceServer> forSession();

    /**
     * The entries that carry no credentials (STUN): what a session gets before it has shown an
     * access token, on a server where relaying is for token holders only.
     */
    default List<IceServer> withoutCredentials() {
        return forSession().stream().filter(s -> s.username() == null && s.credential() == null).toList();
    }

    /** A fixed list from the configuration (STUN URLs, or TURN with static credentials). */
    static IceServers fixed(List<IceServer> servers) {
        List<IceServer> copy = List.copyOf(servers);
        return () -> copy;
    }
}
