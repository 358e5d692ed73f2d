package io.sockwatch.agent.export;

import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.report.SocketSnapshot;
import java.util.function.Supplier;

/**
 * JFR events for leaks, when the runtime has {@code jdk.jfr}. The JFR classes are only loaded behind this
 * check, so a jlinked runtime without the module runs sockwatch without events.
 */
public final class LeakEvents {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private LeakEvents() {
    }

    public static void leakFound(SocketSnapshot socket, long ageMillis) {
        if (recorderStarted()) { // no recording without a recorder: an event class would only cost its loading
            JfrLeakEvents.leakFound(socket, ageMillis);
        }
    }

    /** True once Flight Recorder has started in this JVM; never starts it. */
    public static boolean recorderStarted() {
        return AVAILABLE && JfrRecordings.recorderStarted();
    }

    /**
     * Follows JFR recordings (periodic states, leaks again per chunk; see JfrRecordings) from the summaries
     * {@code latest} gives (null before the first scan); returns what stops it. A no-op without {@code jdk.jfr}.
     */
    public static Runnable followRecordings(Supplier<ReportSummary> latest) {
        return AVAILABLE ? JfrRecordings.follow(latest) : () -> { };
    }

    public static void reclaimed(ReclaimedGroup group, long newlyReclaimed) {
        if (recorderStarted()) {
            JfrLeakEvents.reclaimed(group, newlyReclaimed);
        }
    }
}
