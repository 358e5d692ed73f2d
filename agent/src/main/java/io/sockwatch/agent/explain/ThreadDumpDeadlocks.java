package io.sockwatch.agent.explain;

import io.sockwatch.agent.report.Deadlock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deadlocks of a HotSpot thread dump ({@code jcmd <pid> Thread.print}), from the section its own detector writes
 * (monitors and java.util.concurrent locks, the same detector as ThreadMXBean's): a heap dump records no lock
 * owners. The section, JDK 17 to 25:
 * <pre>
 * Found one Java-level deadlock:
 * =============================
 * "a":
 *   waiting to lock monitor 0x00007f..., (object 0x00000006..., a java.lang.Object),
 *   which is held by "b"
 *
 * "b":
 *   waiting for ownable synchronizer 0x00000006..., (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
 *   which is held by "a"
 *
 * Java stack information for the threads listed above:
 * </pre>
 */
public final class ThreadDumpDeadlocks {
    private static final String FOUND = "Found one Java-level deadlock:";
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\":$");
    private static final Pattern LOCK_CLASS = Pattern.compile("\\ba ([^\\s,()]+)\\)");

    private ThreadDumpDeadlocks() {
    }

    /** Every deadlock the dump reports, each cycle starting with the thread it lists first; empty when none. */
    public static List<Deadlock> parse(String threadDump) {
        List<Deadlock> deadlocks = new ArrayList<>();
        String[] lines = threadDump.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].trim().equals(FOUND)) {
                continue;
            }
            List<Deadlock.Wait> cycle = new ArrayList<>();
            String thread = null;
            for (i++; i < lines.length && !lines[i].startsWith("Java stack information"); i++) {
                Matcher name = THREAD.matcher(lines[i]);
                if (name.matches()) {
                    thread = name.group(1);
                    continue;
                }
                String line = lines[i].trim();
                boolean monitor = line.startsWith("waiting to lock monitor");
                if (thread != null && (monitor || line.startsWith("waiting for ownable synchronizer"))) {
                    Matcher lock = LOCK_CLASS.matcher(line);
                    cycle.add(new Deadlock.Wait(thread, -1, lock.find() ? lock.group(1) : "?", monitor));
                    thread = null;
                }
            }
            if (!cycle.isEmpty()) {
                deadlocks.add(new Deadlock(cycle));
            }
        }
        return deadlocks;
    }
}
