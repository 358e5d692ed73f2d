package io.sockwatch.agent.correlation;

import io.sockwatch.agent.registry.SocketRecord;

/**
 * A socket with a record, live or orphaned, after this scan updated its {@link SocketRecord#kernel()}
 * observation; with its local address, which observations do not keep. Immutable.
 */
public final class TrackedSocket {
    private final SocketRecord record;
    private final String local;

    TrackedSocket(SocketRecord record, String local) {
        this.record = record;
        this.local = local;
    }

    public SocketRecord record() {
        return record;
    }

    /** "ip:port" from the kernel row, else as the JDK object knows it; null when unknown. */
    public String local() {
        return local;
    }
}
