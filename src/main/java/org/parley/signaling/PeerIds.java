package org.parley.signaling;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Server-assigned peer ids, unique among live connections and not guessable from one another. */
final class PeerIds {
    private final SecureRandom random = new SecureRandom();
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    String next() {
        byte[] bytes = new byte[6];
        while (true) {
            random.nextBytes(bytes);
            String id = "p" + HexFormat.of().formatHex(bytes);
            if (live.add(id)) {
                return id;
            }
        }
    }

    void release(String id) {
        live.remove(id);
    }
}
