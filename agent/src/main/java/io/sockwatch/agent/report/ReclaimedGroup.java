package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.List;

/** Sockets from one allocation stack that the GC reclaimed while still open: close() was never called. */
public final class ReclaimedGroup {
    public final String site;
    public final String kind;
    public final long count;
    /** The thread that opened the first of them. */
    public final ThreadSnapshot openedBy;
    public final String lastPeer;
    public final long lastReclaimedMillis;
    public final List<StackTraceElement> allocation;

    public ReclaimedGroup(String site, String kind, long count, ThreadSnapshot openedBy, String lastPeer,
                          long lastReclaimedMillis, List<StackTraceElement> allocation) {
        this.site = site;
        this.kind = kind;
        this.count = count;
        this.openedBy = openedBy;
        this.lastPeer = lastPeer;
        this.lastReclaimedMillis = lastReclaimedMillis;
        this.allocation = Collections.unmodifiableList(allocation);
    }
}
