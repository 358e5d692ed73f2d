package io.sockwatch.agent;

import java.time.Duration;

/** When the next scan runs: after {@code interval}, or after a failure, later each time it fails again. */
final class ScanSchedule {
    /** The longest pause after failures; a failing scan is still retried, every five minutes at worst. */
    static final long MAX_BACKOFF_MILLIS = Duration.ofMinutes(5).toMillis();

    private ScanSchedule() {
    }

    /**
     * The pause before the next scan: {@code interval} after a success, then twice as long after each
     * consecutive failure, up to {@link #MAX_BACKOFF_MILLIS} (or {@code interval} if that is longer).
     * Saturates instead of overflowing, whatever the inputs.
     */
    static long delayMillis(Duration interval, int consecutiveFailures) {
        long base = Math.max(1, interval.toMillis());
        if (consecutiveFailures <= 0) {
            return base;
        }
        long cap = Math.max(base, MAX_BACKOFF_MILLIS);
        int doublings = Math.min(consecutiveFailures, 62);
        return base > cap >> doublings ? cap : Math.min(cap, base << doublings);
    }
}
