package io.sockwatch.testing;

import java.util.List;

/**
 * Wrappers that run a JVM in a network namespace of its own (loopback up) for tests that count TIME_WAIT rows: there
 * {@code tcp_tw_reuse} is off, because Linux's default (2) lets a loopback connect take over a port in TIME_WAIT once
 * a second has passed, which on a slow run loses a row. The host's settings are left alone.
 */
public final class PrivateNetwork {
    public static final List<String> NO_TIME_WAIT_REUSE = wrapper("");

    private PrivateNetwork() {
    }

    /** As {@link #NO_TIME_WAIT_REUSE}, with an ephemeral port range of {@code first..last}. */
    public static List<String> withPortRange(int first, int last) {
        return wrapper(" && echo '" + first + " " + last + "' > /proc/sys/net/ipv4/ip_local_port_range");
    }

    private static List<String> wrapper(String more) {
        return List.of("unshare", "-n", "sh", "-c",
                "ip link set lo up && echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse" + more + " && exec \"$@\"", "sh");
    }
}
