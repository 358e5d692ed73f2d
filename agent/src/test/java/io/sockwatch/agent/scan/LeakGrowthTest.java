package io.sockwatch.agent.scan;

import static io.sockwatch.agent.report.Snapshots.tracked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.Snapshots;
import io.sockwatch.agent.report.SocketSnapshot;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Headroom#closeWaitGrowth}: new leaks per minute per site, a rate that cannot be negative. */
class LeakGrowthTest {
    private static final String SITE = "com.example.Client.fetch(Client.java:42)";
    private static final long THRESHOLD = 1000;

    @Test
    void aSteadyLeakIsZeroWhileSocketsThatNeverLeakedComeAndGoAtItsSite() {
        Headroom headroom = new Headroom(Paths.get("/proc/self"));
        double growth = Double.NaN;
        for (long now = 0; now <= 10_000; now += 200) { // 51 scans: all within the trend's 60 samples
            List<SocketSnapshot> sockets = new ArrayList<>();
            for (int i = 0; i < 10; i++) { // leaked at the start, never closed
                sockets.add(tracked(SITE, i, TcpState.CLOSE_WAIT, 0, now >= THRESHOLD));
            }
            if (now < 3000) { // five more, closed before the threshold: today's trend fell with them
                for (int i = 10; i < 15; i++) {
                    sockets.add(tracked(SITE, i, TcpState.CLOSE_WAIT, 0, false));
                }
            }
            growth = headroom.closeWaitGrowth(sockets, now, THRESHOLD).get(SITE);
            assertTrue(Double.isNaN(growth) || growth >= 0, growth + "/min at " + now);
        }
        assertTrue(growth > 0, "ten leaks in the last minute: " + growth);
        for (long now = 80_000; now <= 90_000; now += 200) {
            List<SocketSnapshot> sockets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sockets.add(tracked(SITE, i, TcpState.CLOSE_WAIT, 0, true));
            }
            growth = headroom.closeWaitGrowth(sockets, now, THRESHOLD).get(SITE);
        }
        assertEquals(0.0, growth, 0.0, "no new leak for a minute");
        assertEquals("0.0", String.format(java.util.Locale.ROOT, "%.1f", growth), "not -0.0");
    }

    @Test
    void aGrowingLeakIsItsRate() {
        Headroom headroom = new Headroom(Paths.get("/proc/self"));
        List<SocketSnapshot> sockets = new ArrayList<>();
        double growth = Double.NaN;
        for (long now = 0; now <= 30_000; now += 1000) {
            sockets.add(tracked(SITE, now, TcpState.CLOSE_WAIT, now, false)); // one a second into CLOSE_WAIT
            List<SocketSnapshot> scan = new ArrayList<>();
            for (SocketSnapshot s : sockets) {
                scan.add(tracked(SITE, s.inode, TcpState.CLOSE_WAIT, s.stateSinceMillis,
                        now - s.stateSinceMillis >= THRESHOLD));
            }
            growth = headroom.closeWaitGrowth(scan, now, THRESHOLD).get(SITE);
        }
        assertEquals(60.0, growth, 1e-6, "one leak a second");
    }
}
