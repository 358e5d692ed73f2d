package io.sockwatch.agent.registry;

/**
 * A coarse wall clock for the I/O hook, which runs on every read and write and cannot afford a clock call.
 * The scanner thread advances it every {@link #RESOLUTION_MILLIS}; good enough for "last I/O 12s ago".
 */
public final class Clock {
    public static final long RESOLUTION_MILLIS = 50;
    private static volatile long now = System.currentTimeMillis();

    private Clock() {
    }

    static long coarseMillis() {
        return now;
    }

    public static void tick() {
        now = System.currentTimeMillis();
    }
}
