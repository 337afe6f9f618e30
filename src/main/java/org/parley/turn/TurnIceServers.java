package org.parley.turn;

import java.util.ArrayList;
import java.util.List;

/**
 * The ICE-server list for one session: the relay's STUN URLs as they are, its TURN URLs with
 * freshly minted credentials, then any servers configured by hand.
 */
public final class TurnIceServers implements IceServers {
    private final List<String> stunUrls;
    private final List<String> turnUrls;
    private final TurnCredentials credentials;
    private final List<IceServer> extra;

    public TurnIceServers(List<String> urls, TurnCredentials credentials, List<IceServer> extra) {
        this.stunUrls = urls.stream().filter(u -> u.startsWith("stun")).toList();
        this.turnUrls = urls.stream().filter(u -> u.startsWith("turn")).toList();
        this.credentials = credentials;
        this.extra = List.copyOf(extra);
    }

    @Override
    public List<IceServer> forSession() {
        List<IceServer> out = new ArrayList<>();
        if (!stunUrls.isEmpty()) {
            out.add(new IceServer(stunUrls, null, null));
        }
        if (!turnUrls.isEmpty() && credentials != null) {
            TurnCredentials.Credential c = credentials.mint();
            out.add(new IceServer(turnUrls, c.username(), c.password()));
        }
        out.addAll(extra);
        return out;
    }
}
