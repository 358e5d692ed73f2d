package io.sockwatch.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.agent.report.Deadlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadDumpDeadlocksTest {
    /** As JDK 17.0.15 and 25.0.3 print it (jcmd Thread.print), stacks shortened. */
    private static final String DUMP = String.join("\n",
            "\"main\" #1 prio=5 os_prio=0 cpu=52.12ms elapsed=3.01s tid=0x00007f3acc024800 nid=0x1417 waiting on condition",
            "   java.lang.Thread.State: TIMED_WAITING (sleeping)",
            "",
            "Found one Java-level deadlock:",
            "=============================",
            "\"deadlock-a\":",
            "  waiting to lock monitor 0x00007f3ac00023e0 (object 0x00000006878166b0, a java.lang.Object),",
            "  which is held by \"deadlock-b\"",
            "",
            "\"deadlock-b\":",
            "  waiting for ownable synchronizer 0x0000000687816750, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),",
            "  which is held by \"deadlock-a\"",
            "",
            "Java stack information for the threads listed above:",
            "===================================================",
            "\"deadlock-a\":",
            "\tat com.acme.A.run(A.java:12)",
            "\t- waiting to lock <0x00000006878166b0> (a java.lang.Object)",
            "",
            "Found 1 deadlock.",
            "");

    @Test
    void readsEachCycleWithItsLocks() {
        List<Deadlock> deadlocks = ThreadDumpDeadlocks.parse(DUMP);
        assertEquals(1, deadlocks.size());
        Deadlock d = deadlocks.get(0);
        assertEquals("thread \"deadlock-a\" → java.lang.Object → thread \"deadlock-b\" → "
                + "java.util.concurrent.locks.ReentrantLock$NonfairSync → thread \"deadlock-a\"", d.describe());
        assertEquals(true, d.cycle().get(0).monitor);
        assertEquals(false, d.cycle().get(1).monitor);
        assertEquals(true, d.involves(-1, "deadlock-b"));
        assertEquals(false, d.involves(-1, "main"));
    }

    @Test
    void noDeadlockNoCycle() {
        assertEquals(List.of(), ThreadDumpDeadlocks.parse(DUMP.substring(0, DUMP.indexOf("Found one"))));
    }
}
