package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Connections this process closed first, at one close site (the first application frame of the {@code close()}
 * call), whose kernel rows are still there: TIME_WAIT, or orphaned FIN_WAIT2 while the peer has not closed.
 */
public final class TimeWaitGroup {
    public final String site;
    /** The close stack of one of them; empty when the close-stack budget skipped it. */
    public final List<StackTraceElement> closeStack;
    /** TIME_WAIT rows matched now. A TIME_WAIT row lasts 60 s on Linux, so this is also the rate per minute. */
    public final int timeWait;
    /** FIN_WAIT2 rows matched now: closed by us, not yet by the peer, no fd left (orphaned). */
    public final int finWait2;
    /** FIN_WAIT1 and CLOSING rows matched now: our FIN not yet acknowledged. */
    public final int closing;
    /** Per allocation site, biggest first. */
    public final List<SiteCount> openedAt;
    /** Remote "ip:port" to its number of rows, biggest first. */
    public final Map<String, Integer> remotes;

    public TimeWaitGroup(String site, List<StackTraceElement> closeStack, int timeWait, int finWait2, int closing,
                  List<SiteCount> openedAt, Map<String, Integer> remotes) {
        this.site = site;
        this.closeStack = closeStack;
        this.timeWait = timeWait;
        this.finWait2 = finWait2;
        this.closing = closing;
        this.openedAt = Collections.unmodifiableList(openedAt);
        this.remotes = Collections.unmodifiableMap(remotes);
    }

    /** Connections of this group opened at one allocation site. */
    public static final class SiteCount {
        public final String site;
        public final List<StackTraceElement> stack;
        public final int count;

        public SiteCount(String site, List<StackTraceElement> stack, int count) {
            this.site = site;
            this.stack = stack;
            this.count = count;
        }
    }
}
