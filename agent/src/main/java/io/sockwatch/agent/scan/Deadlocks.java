package io.sockwatch.agent.scan;

import io.sockwatch.agent.report.Deadlock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deadlocks that hold the threads a scan names (openers and users of sockets), from the JVM's own detector
 * ({@link ThreadMXBean#findDeadlockedThreads}: monitors and java.util.concurrent locks). It stops the world for a
 * moment, so it is asked only when one of those threads waits for a lock; a deadlock of threads that hold no
 * socket is not sockwatch's to report.
 */
final class Deadlocks {
    private Deadlocks() {
    }

    /** @param waiting ids of the threads the scan names that wait for a lock */
    static List<Deadlock> among(Set<Long> waiting) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] deadlocked = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads()
                : mx.findMonitorDeadlockedThreads();
        if (deadlocked == null) {
            return List.of();
        }
        Map<Long, ThreadInfo> infos = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(deadlocked)) {
            if (info != null) {
                infos.put(info.getThreadId(), info);
            }
        }
        List<Deadlock> found = new ArrayList<>();
        Set<Long> inFound = new HashSet<>();
        for (long id : deadlocked) {
            if (!waiting.contains(id) || inFound.contains(id)) {
                continue;
            }
            List<Deadlock.Wait> cycle = cycleFrom(id, infos);
            if (!cycle.isEmpty() && inFound.add(cycle.get(0).threadId)) {
                cycle.forEach(w -> inFound.add(w.threadId));
                found.add(new Deadlock(cycle));
            }
        }
        return found;
    }

    /**
     * Follows lock owners from {@code start} to the cycle it ends in (the start may only wait for it); the cycle
     * begins with its lowest thread id, so that every thread of a cycle finds the same one. Empty if the threads
     * moved on meanwhile.
     */
    private static List<Deadlock.Wait> cycleFrom(long start, Map<Long, ThreadInfo> infos) {
        Set<Long> seen = new LinkedHashSet<>();
        long at = start;
        while (seen.add(at)) {
            ThreadInfo info = infos.get(at);
            if (info == null || info.getLockOwnerId() < 0) {
                return List.of();
            }
            at = info.getLockOwnerId();
        }
        List<Long> loop = new ArrayList<>();
        for (long id = at; loop.isEmpty() || id != at; id = infos.get(id).getLockOwnerId()) {
            loop.add(id);
        }
        int first = loop.indexOf(loop.stream().min(Long::compare).orElseThrow());
        List<Deadlock.Wait> cycle = new ArrayList<>();
        for (int i = 0; i < loop.size(); i++) {
            ThreadInfo info = infos.get(loop.get((first + i) % loop.size()));
            cycle.add(new Deadlock.Wait(info.getThreadName(), info.getThreadId(), info.getLockName(),
                    info.getThreadState() == Thread.State.BLOCKED));
        }
        return cycle;
    }
}
