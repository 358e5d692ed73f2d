package io.sockwatch.agent.report;

/**
 * A count (open fds, CLOSE_WAIT sockets of a site) over the last minute ({@link #WINDOW_MILLIS}), one sample per scan, and
 * its growth: the slope of a least-squares line through the samples, which a scan that catches a burst moves
 * little. Fixed memory: at most {@code capacity} samples, so at short intervals the window is shorter. Used under
 * the scanner's lock.
 */
public final class CountTrend {
    static final long WINDOW_MILLIS = 60_000;
    /** A slower growth is no trend: a few fds come and go in any program. */
    static final double MIN_GROWTH_PER_MINUTE = 1.0;
    /** The line needs this many samples, over at least this long, before it says anything. */
    static final int MIN_SAMPLES = 3;
    static final long MIN_SPAN_MILLIS = 2_000;

    private final long[] times;
    private final int[] counts;
    private int next;
    private int size;

    public CountTrend(int capacity) {
        this.times = new long[capacity];
        this.counts = new int[capacity];
    }

    public void add(long atMillis, int count) {
        times[next] = atMillis;
        counts[next] = count;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** Growth per minute over the window, or NaN with too few samples. */
    public double growthPerMinute(long nowMillis) {
        int n = 0;
        double sumT = 0;
        double sumC = 0;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            if (nowMillis - times[i] <= WINDOW_MILLIS) {
                n++;
                sumT += times[i] - nowMillis;
                sumC += counts[i];
                first = Math.min(first, times[i]);
            }
        }
        if (n < MIN_SAMPLES || nowMillis - first < MIN_SPAN_MILLIS) {
            return Double.NaN;
        }
        double meanT = sumT / n;
        double meanC = sumC / n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < size; i++) {
            if (nowMillis - times[i] <= WINDOW_MILLIS) {
                double dt = times[i] - nowMillis - meanT;
                covariance += dt * (counts[i] - meanC);
                variance += dt * dt;
            }
        }
        return variance == 0 ? Double.NaN : covariance / variance * 60_000;
    }

    /** Whether {@code perMinute} (from {@link #growthPerMinute}) is a growth worth a forecast. */
    static boolean isGrowing(double perMinute) {
        return !Double.isNaN(perMinute) && perMinute >= MIN_GROWTH_PER_MINUTE;
    }
}
