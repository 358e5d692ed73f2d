package io.sockwatch.agent.scan;

import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.KernelObservation;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.registry.ThreadUse;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.Sites;
import io.sockwatch.agent.report.ThreadSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sockets the GC reclaimed without close(), counted per allocation stack, for up to 1,000 stacks (the
 * registry's per-kind counters count every one). Used by the scanner thread only.
 */
final class ReclaimedSockets {
    private static final int MAX_STACKS = 1000;

    private final Map<AllocationStack, Entry> byStack = new LinkedHashMap<>();

    void add(SocketRecord record, StackTable stacks, long nowMillis) {
        AllocationStack stack = record.allocation(stacks);
        Entry e = byStack.get(stack);
        if (e == null) {
            if (byStack.size() >= MAX_STACKS) {
                return;
            }
            e = new Entry(record.kind().name(), record.opener());
            byStack.put(stack, e);
        }
        e.count++;
        e.lastMillis = nowMillis;
        KernelObservation seen = record.kernel();
        if (seen != null && seen.remote() != null) {
            e.lastPeer = seen.remote();
        }
    }

    List<ReclaimedGroup> groups(FrameFilter filter, ThreadSnapshots threads) {
        List<ReclaimedGroup> groups = new ArrayList<>();
        for (Map.Entry<AllocationStack, Entry> me : byStack.entrySet()) {
            Entry e = me.getValue();
            List<StackTraceElement> frames = me.getKey().frames();
            groups.add(new ReclaimedGroup(Sites.describe(frames, filter), e.kind, e.count, threads.of(e.openedBy, false), e.lastPeer,
                    e.lastMillis, frames));
        }
        return groups;
    }

    private static final class Entry {
        final String kind;
        /** Holds the thread weakly (see ThreadUse): never a finished thread, nor the opener's classes. */
        final ThreadUse openedBy;
        long count;
        long lastMillis;
        String lastPeer;

        Entry(String kind, ThreadUse openedBy) {
            this.kind = kind;
            this.openedBy = openedBy;
        }
    }
}
