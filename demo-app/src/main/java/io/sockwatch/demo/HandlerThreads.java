package io.sockwatch.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs server-side work on daemon threads named {@code demo-handler-<n>}, so a hung handler never blocks exit. */
final class HandlerThreads {

    private static final Logger log = LoggerFactory.getLogger(HandlerThreads.class);
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final long STEP_TIMEOUT_SECONDS = 10;

    /** Handler work; it may throw because it does socket I/O. */
    interface Work {
        void run() throws Exception;
    }

    private HandlerThreads() {
    }

    static void start(Work work) {
        String name = "demo-handler-" + COUNT.incrementAndGet();
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                log.error("{} failed", name, e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for a handler to reach a step; a timeout means the handler failed and its thread logged why. */
    static void await(CountDownLatch step, String what) throws InterruptedException {
        if (!step.await(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }
}
