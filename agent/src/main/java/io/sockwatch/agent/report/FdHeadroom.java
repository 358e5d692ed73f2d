package io.sockwatch.agent.report;

/** Open fds of the process against its {@code RLIMIT_NOFILE}, and when they run out at the current growth. Immutable. */
public final class FdHeadroom {
    /** Open fds; -1 when {@code /proc/self/fd} cannot be listed. */
    public final int open;
    /** The soft limit; -1 when unlimited or unknown. */
    public final long limit;
    /** Fds per minute, least squares over the last minute; NaN until there are enough scans. */
    public final double growthPerMinute;
    /** Seconds until {@link #open} reaches {@link #limit} at {@link #growthPerMinute}; -1 when not growing. */
    public final long exhaustionSeconds;
    /** Why open fds or the limit are unknown, or null. */
    public final String problem;

    public FdHeadroom(int open, long limit, double growthPerMinute, long exhaustionSeconds, String problem) {
        this.open = open;
        this.limit = limit;
        this.growthPerMinute = growthPerMinute;
        this.exhaustionSeconds = exhaustionSeconds;
        this.problem = problem;
    }

    /** Seconds to exhaustion from {@code open}, {@code limit} and the growth; -1 when it does not apply. */
    public static long forecast(int open, long limit, double growthPerMinute) {
        if (open < 0 || limit < 0 || !CountTrend.isGrowing(growthPerMinute)) {
            return -1;
        }
        return Math.max(0, Math.round((limit - open) / growthPerMinute * 60));
    }
}
