package io.sockwatch.agent.correlation;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared String per host: thousands of connections to one server, or accepted from one client, or bound to
 * one local address, keep one copy in their observations. Bounded; used by the scanning thread only.
 */
final class PeerHosts {
    private static final int MAX_PEERS = 10_000;

    private final Map<String, String> peers = new HashMap<>();

    /** The shared copy of {@code host}; null for null. */
    String share(String host) {
        if (host == null) {
            return null;
        }
        if (peers.size() > MAX_PEERS) {
            peers.clear();
        }
        String shared = peers.putIfAbsent(host, host);
        return shared != null ? shared : host;
    }
}
