package io.sockwatch.agent.registry;

/**
 * A coarse wall clock for the I/O hook, which runs on every read and write and cannot afford a clock call.
 * Its own thread advances it every {@link #RESOLUTION_MILLIS} while sockwatch runs; good enough for "last I/O
 * 12s ago", and a scan that takes long never stops it. The same thread runs the little work that must not wait for a
 * scan either (see {@link #start}).
 */
public final class Clock {
    public static final long RESOLUTION_MILLIS = 50;
    private static volatile long now = System.currentTimeMillis();
    /** Guarded by Clock.class. Named like every sockwatch thread, which is how {@code list} finds sockwatch. */
    private static Thread ticker;
    /** Guarded by Clock.class; read by the ticker. */
    private static volatile Runnable everyTick;

    private Clock() {
    }

    static long coarseMillis() {
        return now;
    }

    /**
     * Starts the ticker, which also runs {@code everyTick} after each tick. It must be quick and must not throw: a scan
     * can take seconds on a big namespace, and some work, such as noticing a leak at extreme churn, cannot wait that long.
     */
    public static synchronized void start(Runnable everyTick) {
        if (ticker != null) {
            return;
        }
        Clock.everyTick = everyTick;
        now = System.currentTimeMillis();
        Thread t = new Thread(new Runnable() { // not a lambda: a class spun at start-up (Sockwatch's constructor)
            @Override
            public void run() {
                tickUntilInterrupted();
            }
        }, "sockwatch-clock");
        t.setDaemon(true);
        t.start(); // throws when the JVM cannot start a thread: then there is no ticker, and a later start tries again
        ticker = t;
    }

    /** Stops the ticker and waits for it to end. */
    public static synchronized void stop() {
        Thread t = ticker;
        ticker = null;
        everyTick = null;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(RESOLUTION_MILLIS * 20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void tickUntilInterrupted() {
        while (true) {
            try {
                Thread.sleep(RESOLUTION_MILLIS);
            } catch (InterruptedException stop) {
                return;
            }
            now = System.currentTimeMillis();
            Runnable work = everyTick;
            if (work != null) {
                work.run();
            }
        }
    }
}
