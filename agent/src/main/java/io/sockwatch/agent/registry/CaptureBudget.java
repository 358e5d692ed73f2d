package io.sockwatch.agent.registry;

import java.util.concurrent.atomic.AtomicInteger;

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
    private final AtomicInteger inWindow = new AtomicInteger();
    private volatile long windowStart = Clock.coarseMillis();

    CaptureBudget(int perSecond, int sampleEvery) {
        this.perSecond = perSecond;
        this.sampleEvery = sampleEvery;
    }

    /** Whether the current thread, {@code self}, captures this stack. */
    boolean capture(ThreadUse self) {
        long now = Clock.coarseMillis();
        if (now - windowStart >= SECOND_MILLIS) {
            windowStart = now;
            inWindow.set(0);
        }
        if (inWindow.get() >= perSecond) { // a plain read: a spent budget is never written again this second
            return self.oneIn(sampleEvery);
        }
        return inWindow.incrementAndGet() <= perSecond || self.oneIn(sampleEvery);
    }
}
