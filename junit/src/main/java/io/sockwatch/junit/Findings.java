package io.sockwatch.junit;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What a test or class left behind, as of one scan. Immutable. */
final class Findings {
    /** Opened in the window, still open, not allowed. */
    final List<OpenSocket> open;
    /** Per allocation stack, how many sockets of the window the GC reclaimed without close(). */
    final Map<ReclaimedStack, Long> reclaimed;
    /** Every socket of the window still open, allowed or not: the class-level check leaves them to the test. */
    final List<OpenSocket> considered;
    /** The scan they come from. */
    final Scan scan;

    Findings(List<OpenSocket> open, Map<ReclaimedStack, Long> reclaimed, List<OpenSocket> considered, Scan scan) {
        this.open = Collections.unmodifiableList(open);
        this.reclaimed = Collections.unmodifiableMap(reclaimed);
        this.considered = Collections.unmodifiableList(considered);
        this.scan = scan;
    }

    boolean isEmpty() {
        return open.isEmpty() && reclaimed.isEmpty();
    }
}
