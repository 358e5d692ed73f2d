package io.sockwatch.agent.registry;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Decides whether an open captures its allocation stack. Capturing costs about 1.5 µs (more on deep stacks),
 * which is noise at ordinary rates but about 10% of a loopback connect+accept+close at extreme churn. So every
 * open captures until {@code perSecond} captures were taken in the current second; beyond that one open in
 * {@code sampleEvery} does. A site that keeps leaking is therefore still captured, and at most a bounded number
 * of stacks per second is paid for. Lock-free; a racy window reset only shifts the budget by a few captures.
 * Beyond the budget the one-in-{@code sampleEvery} choice is each thread's own draw ({@link ThreadUse#oneIn}), not
 * a shared count: at churn rates a shared counter was two contended writes per connection, on every core.
 */
final class CaptureBudget {
    private static final long SECOND_MILLIS = 1000;

    private final int perSecond;
    private final int sampleEvery;
    private static final AtomicIntegerFieldUpdater<CaptureBudget> IN_WINDOW =
            AtomicIntegerFieldUpdater.newUpdater(CaptureBudget.class, "inWindow");
    /** A field, not an {@code AtomicInteger}: one cache line less for every open and close to fetch. */
    private volatile int inWindow;
    private volatile long windowStart = Clock.coarseMillis();

    CaptureBudget(int perSecond, int sampleEvery) {
        this.perSecond = perSecond;
        this.sampleEvery = sampleEvery;
    }

    /** The budget of {@code stacks=all}. */
    static CaptureBudget everyOne() {
        return new CaptureBudget(Integer.MAX_VALUE, 1);
    }

    /** Whether the current thread, {@code self}, captures this stack. */
    boolean capture(ThreadUse self) {
        long now = Clock.coarseMillis();
        if (now - windowStart >= SECOND_MILLIS) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= perSecond) { // a plain read: a spent budget is never written again this second
            return self.oneIn(sampleEvery);
        }
        return IN_WINDOW.incrementAndGet(this) <= perSecond || self.oneIn(sampleEvery);
    }
}
