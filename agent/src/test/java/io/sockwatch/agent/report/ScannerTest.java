package io.sockwatch.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanner bookkeeping that needs no JDK socket (its reading of socket objects is covered by the ITs). */
class ScannerTest {
    @TempDir
    Path procSelf;

    @Test
    void aSocketTheGcClearedIsReclaimedInTheSameReportBeforeTheJdkQueuesIt() {
        SocketRegistry registry = new SocketRegistry(true);
        Object owner = new Object();
        registry.open(owner, SocketKind.SOCKET, -1);
        Scanner scanner = new Scanner(registry, new StackTable(10), new InternalErrors(), procSelf,
                TcpTables.of(procSelf, null));
        FrameFilter filter = new FrameFilter(List.of());

        registry.live().iterator().next().clear(); // what the GC does, before the reference handler queues it
        LeakReport report = scanner.scan(Duration.ofSeconds(30), false, filter);
        assertEquals(0, report.trackedCount());
        assertEquals(1, report.reclaimedCount());
        assertEquals(1, registry.reclaimed().get(SocketKind.SOCKET));
        assertEquals(List.of(), registry.drainReclaimed(), "not counted twice");
        assertEquals(1, scanner.scan(Duration.ofSeconds(30), false, filter).reclaimedCount());
    }
}
