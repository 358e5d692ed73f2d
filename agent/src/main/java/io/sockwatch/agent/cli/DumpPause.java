package io.sockwatch.agent.cli;

import io.sockwatch.agent.kernel.ProcText;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How long a heap dump stops the target: a full GC, then the dump written into the page cache, fast until the
 * dirty pages reach the kernel's background writeback threshold, then at the pace the disk takes them. The
 * threshold is this host's; the rates were measured on the 2-core test VM (docs/benchmarks.md: 1 GB of heap
 * paused JDK 17 for 0.45-0.74 s, 4 GB for 9-12.4 s). A cgroup v2 container's own dirty limits are not modelled.
 */
final class DumpPause {
    private static final double GB = 1e9;
    /** Reaching the safepoint, starting and ending the operation. */
    private static final double BASE_SECONDS = 0.03;
    /** The full GC of the live objects before the dump (-Xlog:gc: 0.13 s/GB on 17, 0.16 s/GB on 25). */
    private static final double GC_SECONDS_PER_GB = 0.15;
    /** Writing into the page cache under the threshold: one thread on 17, one per CPU (-parallel) from 21. */
    private static final double FAST_SECONDS_PER_DUMP_GB_SERIAL = 0.30;
    private static final double FAST_SECONDS_PER_DUMP_GB_PARALLEL = 0.17;
    /** Above it the writer is throttled to the disk's pace (616 MB/s here for dd, slower for the dump's pattern). */
    private static final double THROTTLED_SECONDS_PER_DUMP_GB_SERIAL = 3.2;
    private static final double THROTTLED_SECONDS_PER_DUMP_GB_PARALLEL = 2.0;

    private DumpPause() {
    }

    /**
     * @param fastBytes the dirty bytes the kernel takes before its background writeback starts
     *     ({@link #backgroundDirtyBytes}); 0 when unknown, which plans the slow case
     */
    static double seconds(long usedHeapBytes, long dumpBytes, boolean parallel, long fastBytes) {
        double fast = Math.min(dumpBytes, fastBytes) / GB;
        double throttled = Math.max(0, dumpBytes - fastBytes) / GB;
        return BASE_SECONDS + GC_SECONDS_PER_GB * usedHeapBytes / GB
                + fast * (parallel ? FAST_SECONDS_PER_DUMP_GB_PARALLEL : FAST_SECONDS_PER_DUMP_GB_SERIAL)
                + throttled * (parallel ? THROTTLED_SECONDS_PER_DUMP_GB_PARALLEL : THROTTLED_SECONDS_PER_DUMP_GB_SERIAL);
    }

    /**
     * The kernel's background writeback threshold ({@link ProcText#backgroundWritebackBytes}); 0 when unreadable.
     *
     * @param proc normally {@code /proc}; the settings are the kernel's, the same in every namespace
     */
    static long backgroundDirtyBytes(Path proc) {
        try {
            return ProcText.backgroundWritebackBytes(proc);
        } catch (IOException | RuntimeException unreadable) {
            return 0; // planned as the slow case
        }
    }
}
