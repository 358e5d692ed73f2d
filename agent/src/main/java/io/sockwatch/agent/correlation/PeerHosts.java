package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.IpText;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * One shared String per host: thousands of connections to one server, or accepted from one client, or bound to
 * one local address, keep one copy in their observations. Bounded; used by the scanning thread only.
 */
final class PeerHosts {
    private static final int MAX_PEERS = 10_000;

    private final Map<String, String> peers = new HashMap<>();
    private final Map<InetAddress, String> byAddress = new HashMap<>();

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

    /**
     * The shared text of {@code address} ({@link IpText#host}), formatted once: at churn rates tens of thousands of
     * closed connections a second name the same few peers, and formatting each took a fifth of the scanner's time.
     */
    String host(InetAddress address) {
        String text = byAddress.get(address);
        if (text == null) {
            if (byAddress.size() > MAX_PEERS) {
                byAddress.clear();
            }
            text = share(IpText.host(address.getAddress()));
            byAddress.put(address, text);
        }
        return text;
    }
}
