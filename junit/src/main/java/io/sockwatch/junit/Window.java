package io.sockwatch.junit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The time a test (or a class) ran, and how to tell its sockets from others': every socket opened since it started,
 * while nothing else ran meanwhile; once another test or class ran beside it, only those it can tell are its own.
 * Collects what its tests already answered for, so a class is not blamed for it again.
 */
final class Window {
    private static final long POLL_MILLIS = 50;

    private final long startMillis;
    /** The report the window started from; null where reclaimed sockets cannot be told apart (concurrent tests). */
    private final Scan baseline;
    /**
     * The sockets open in {@link #baseline}: opened before the window, whatever their open time says. Times are
     * milliseconds, and a {@code @BeforeAll}'s last socket can open in the same one as its first test starts.
     */
    private final Set<String> openAtStart = new HashSet<>();
    /** Its own sockets among those of tests that ran beside it: opened by its thread, or through its class's code. */
    private final Predicate<OpenSocket> oursAmongOthers;
    private final Rules rules;
    /** Whether another test or class (not this one's own class or tests) ran while this window was open. */
    private volatile boolean othersRan;
    /** Tests running in parallel report into their class's window concurrently. */
    private final Set<String> answeredByTests = ConcurrentHashMap.newKeySet();
    private final Map<List<String>, Long> answeredByTestsPerStack = new ConcurrentHashMap<>();

    Window(long startMillis, Scan baseline, Predicate<OpenSocket> oursAmongOthers, Rules rules) {
        this.startMillis = startMillis;
        this.baseline = baseline;
        this.oursAmongOthers = oursAmongOthers;
        this.rules = rules;
        if (baseline != null) {
            for (OpenSocket s : baseline.open) {
                openAtStart.add(s.identity());
            }
        }
    }

    /** Another test or class ran while this window was open: from now on, only sockets it can tell are its own. */
    void othersRan() {
        othersRan = true;
    }

    /** Whether it ran alone so far, and a baseline tells what the GC reclaimed meanwhile. */
    boolean countsReclaimed() {
        return baseline != null && !othersRan;
    }

    /**
     * Waits up to the grace period for the window's sockets to close. Only when some are still open does it
     * run a GC first, which turns a socket dropped without close() into a reclaimed one; then it polls.
     */
    Findings settle(AgentChannel agent, boolean collectGarbage) {
        long deadline = System.currentTimeMillis() + rules.graceMillis;
        Findings found = find(agent.scan());
        if (found.open.isEmpty()) {
            return found;
        }
        if (collectGarbage) {
            System.gc();
            found = find(agent.scan()); // however long the GC took: what it reclaimed is told apart from the open
        }
        while (!found.open.isEmpty() && System.currentTimeMillis() < deadline) {
            sleep(Math.min(POLL_MILLIS, Math.max(1, deadline - System.currentTimeMillis())));
            found = find(agent.scan());
        }
        return found;
    }

    long graceMillis() {
        return rules.graceMillis;
    }

    /** {@code now} must be taken before this call: a test that starts later marks this window first. */
    Findings find(Scan now) {
        boolean alone = !othersRan;
        List<OpenSocket> considered = new ArrayList<>();
        List<OpenSocket> open = new ArrayList<>();
        Set<String> stillOpen = new HashSet<>();
        Map<String, OpenSocket> byLocal = new HashMap<>();
        for (OpenSocket s : now.open) {
            stillOpen.add(s.identity());
            if (s.local != null) {
                byLocal.put(s.local, s);
            }
        }
        for (OpenSocket s : now.open) {
            if (s.openedAtMillis >= startMillis && !openAtStart.contains(s.identity())
                    && (alone || oursAmongOthers.test(s)) && !answeredByTests.contains(s.identity())
                    && !otherEndAccountedFor(s, byLocal, now)) {
                considered.add(s);
                if (!rules.allows(s.site, s.frames)) {
                    open.add(s);
                }
            }
        }
        return new Findings(open, alone ? reclaimed(now, stillOpen) : new LinkedHashMap<>(), considered, now);
    }

    /**
     * True for one end of a connection whose other end, in this JVM, was opened before the window, was already
     * answered for by a test, or waits idle in a client's pool: a server thread may accept a connection that a
     * {@code @BeforeAll} made only once a test runs, or one that a test leaked only after that test's last look; and a
     * shared client keeps its connections, and so their server ends, open between requests.
     */
    private boolean otherEndAccountedFor(OpenSocket s, Map<String, OpenSocket> byLocal, Scan now) {
        if (s.local != null && s.remote != null && s.local.equals(now.pooled.get(s.remote))) {
            return true;
        }
        OpenSocket peer = s.remote == null ? null : byLocal.get(s.remote);
        return peer != null && s.local != null && s.local.equals(peer.remote)
                && (peer.openedAtMillis < startMillis || answeredByTests.contains(peer.identity()));
    }

    /**
     * Sockets reclaimed since the baseline, less those that may be sockets open at the baseline and gone since
     * (closed or reclaimed, the report cannot say) and those its tests answered for (reclaimed, or open at their
     * end): never more than the window dropped, at worst fewer.
     */
    private Map<ReclaimedStack, Long> reclaimed(Scan now, Set<String> stillOpen) {
        Map<ReclaimedStack, Long> dropped = new LinkedHashMap<>();
        if (baseline == null) {
            return dropped;
        }
        Map<List<String>, Long> goneSinceBaseline = new HashMap<>();
        for (OpenSocket s : baseline.open) {
            if (!stillOpen.contains(s.identity())) {
                goneSinceBaseline.merge(s.frames, 1L, Long::sum);
            }
        }
        for (ReclaimedStack r : now.reclaimed.values()) {
            long n = r.count - baseline.reclaimedAt(r.frames) - goneSinceBaseline.getOrDefault(r.frames, 0L)
                    - answeredByTestsPerStack.getOrDefault(r.frames, 0L);
            if (n > 0 && !rules.allows(r.site, r.frames)) {
                dropped.put(r, n);
            }
        }
        return dropped;
    }

    /**
     * A test inside this window answered for these: its class does not answer for them again, neither while
     * they are open nor once the GC has reclaimed them.
     */
    void answeredByTest(Findings test) {
        for (OpenSocket s : test.considered) {
            answeredByTests.add(s.identity());
            answeredByTestsPerStack.merge(s.frames, 1L, Long::sum);
        }
        test.reclaimed.forEach((r, n) -> answeredByTestsPerStack.merge(r.frames, n, Long::sum));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
