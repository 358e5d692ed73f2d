package io.sockwatch.agent.registry;

import java.util.Arrays;

/**
 * Sampling that follows the leaks. Above the {@link CaptureBudget} most opens skip their stack, and a rare leak in a
 * busy client (one connection in 200, say) then nearly always comes out without its line. A leak looks at open like
 * every other socket its code opens, so what can be known cheaply is who opened it: once a socket opened without a
 * stack is seen to leak (still open well after it was opened, in a leak report, or reclaimed by the GC unclosed), every
 * later socket opened by a thread of the same pool (see {@link ThreadUse#pool()}) captures its stack, within a budget
 * of its own. The destination and the calling class would be finer, but the first is unknown when the socket is
 * created (the hook runs before {@code connect}) and the second needs the very stack walk being saved.
 *
 * <p>Application threads only read an array and, for sockets opened without a stack, store one reference; the scanner
 * thread decides. A pool stays a lookalike source for {@link #REMEMBER_MILLIS} after its last sign of a leak.
 */
final class Lookalikes {
    /** At most this many pools sampled fully at once; a new one replaces the one that leaked longest ago. */
    static final int MAX_POOLS = 16;
    /** A socket opened above the budget and still open after this is taken for a leak: churned ones live microseconds. */
    static final long UNCLOSED_AFTER_MILLIS = 250;
    static final long REMEMBER_MILLIS = 10 * 60_000;
    private static final int WATCHED = 1024;
    static final int WATCH_ONE_IN = 4;
    private static final int WATCH_SHIFT = 2;

    /** The lookalike pools; replaced whole, so an application thread reads a consistent array without a lock. */
    private volatile String[] pools = new String[0];
    /** When each of {@link #pools} last showed a leak. Scanner side only. */
    private long[] lastLeakMillis = new long[0];
    /**
     * Recent sockets opened without a stack, by identity hash: a slot is taken over only once its socket is closed,
     * so a leaked socket stays until the scanner sees it. Plain stores: a lost race loses one candidate, not a leak
     * signal for long, since the pool's next leak lands here too.
     */
    private final SocketRecord[] unsampled = new SocketRecord[WATCHED];
    /**
     * Up to 20,000 more captures a second (about 30 ms of one CPU at 1.5 µs each), then one in 64: the bound on what a
     * pool that both churns and leaks costs beyond the ordinary budget.
     */
    private final CaptureBudget budget = new CaptureBudget(20_000, 64);

    /** Whether a socket the ordinary budget skips, opened by {@code opener}, captures its stack after all. */
    boolean capture(ThreadUse opener) {
        String[] current = pools;
        if (current.length == 0) {
            return false;
        }
        String pool = opener.pool();
        for (String p : current) {
            if (p.equals(pool)) {
                return budget.capture(opener);
            }
        }
        return false;
    }

    /**
     * Notes one in {@link #WATCH_ONE_IN} sockets opened without a stack, for {@link #checkUnclosed}: the store of a
     * young record into this old array costs the GC's write barrier, and a pool that leaks at such rates leaks
     * often, so its next leaked socket is noted soon enough. {@code draw}, random, picks.
     */
    void watch(SocketRecord record, int draw) {
        if ((draw & (WATCH_ONE_IN - 1)) != 0) {
            return;
        }
        int slot = (draw >>> WATCH_SHIFT) & (WATCHED - 1);
        SocketRecord there = unsampled[slot];
        if (there == null || there.get() == null) {
            unsampled[slot] = record;
        }
    }

    /**
     * Scanner side, often: takes the pools of watched sockets still open {@link #UNCLOSED_AFTER_MILLIS} after their
     * open as leaking, and forgets pools that showed no leak for {@link #REMEMBER_MILLIS}.
     */
    synchronized void checkUnclosed(long nowMillis) {
        expire(nowMillis);
        for (int i = 0; i < WATCHED; i++) {
            SocketRecord r = unsampled[i];
            if (r == null) {
                continue;
            }
            if (r.get() == null) {
                unsampled[i] = null; // closed, or reclaimed (which the reaper reports)
            } else if (nowMillis - r.openedAtMillis() >= UNCLOSED_AFTER_MILLIS) {
                unsampled[i] = null;
                leaked(r.opener(), nowMillis);
            }
        }
    }

    /** Scanner side: a socket opened by {@code opener} without a stack leaked; sample its pool fully from now on. */
    synchronized void leaked(ThreadUse opener, long nowMillis) {
        String pool = opener.pool();
        String[] current = pools;
        int oldest = -1;
        for (int i = 0; i < current.length; i++) {
            if (current[i].equals(pool)) {
                lastLeakMillis[i] = nowMillis;
                return;
            }
            if (oldest < 0 || lastLeakMillis[i] < lastLeakMillis[oldest]) {
                oldest = i;
            }
        }
        int at = current.length < MAX_POOLS ? current.length : oldest;
        String[] next = Arrays.copyOf(current, Math.max(current.length, at + 1));
        long[] times = Arrays.copyOf(lastLeakMillis, next.length);
        next[at] = pool;
        times[at] = nowMillis;
        lastLeakMillis = times;
        pools = next;
    }

    private void expire(long nowMillis) {
        String[] current = pools;
        int kept = 0;
        String[] next = new String[current.length];
        long[] times = new long[current.length];
        for (int i = 0; i < current.length; i++) {
            if (nowMillis - lastLeakMillis[i] < REMEMBER_MILLIS) {
                next[kept] = current[i];
                times[kept++] = lastLeakMillis[i];
            }
        }
        if (kept < current.length) {
            lastLeakMillis = Arrays.copyOf(times, kept);
            pools = Arrays.copyOf(next, kept);
        }
    }

    /** Forgets everything (detach): the watched records refer to the application's threads. */
    synchronized void clear() {
        Arrays.fill(unsampled, null);
        pools = new String[0];
        lastLeakMillis = new long[0];
    }
}
