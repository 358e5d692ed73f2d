package io.sockwatch.agent.export;

import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.SocketSnapshot;

/**
 * JFR events for leaks, when the runtime has {@code jdk.jfr}. The JFR classes are only loaded behind this
 * check, so a jlinked runtime without the module runs sockwatch without events.
 */
public final class LeakEvents {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private LeakEvents() {
    }

    public static void leakFound(SocketSnapshot socket, long ageMillis) {
        if (AVAILABLE) {
            JfrLeakEvents.leakFound(socket, ageMillis);
        }
    }

    public static void reclaimed(ReclaimedGroup group, long newlyReclaimed) {
        if (AVAILABLE) {
            JfrLeakEvents.reclaimed(group, newlyReclaimed);
        }
    }
}
