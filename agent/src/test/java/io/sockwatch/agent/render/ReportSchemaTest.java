package io.sockwatch.agent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.explain.ExplainReport;
import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.scan.Scanner;
import io.sockwatch.testing.ReportSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/report.schema.json is strict enough to catch a field renamed in the code: the ITs check every report they
 * read against it (Reports.parse), this proves that such a check fails when it should.
 */
class ReportSchemaTest {
    @TempDir
    Path procSelf;

    @Test
    void aReportAsTheScannerWritesItIsValid() {
        assertEquals(List.of(), ReportSchema.problems(reportWithAReclaimedSocket()));
    }

    @Test
    void aRenamedTopLevelFieldFails() {
        String renamed = reportWithAReclaimedSocket().replace("\"thresholdMillis\":", "\"thresholdMs\":");
        String problems = String.join("\n", ReportSchema.problems(renamed));
        assertTrue(problems.contains("thresholdMs"), problems);
        assertTrue(problems.contains("thresholdMillis"), problems);
    }

    @Test
    void aRenamedFieldInAGroupFails() {
        String report = reportWithAReclaimedSocket();
        assertTrue(report.contains("\"lastPeer\":"), report);
        String problems = String.join("\n", ReportSchema.problems(report.replace("\"lastPeer\":", "\"peer\":")));
        assertTrue(problems.contains("at /reclaimed/0: required property 'lastPeer'"), problems);
    }

    @Test
    void explainJsonIsValidAndARenamedFieldFails() {
        String json = new ExplainReport(42, List.of(), null, new FrameFilter(List.of()), List.of()).json();
        assertEquals(List.of(), ReportSchema.problems(json));
        assertTrue(!ReportSchema.problems(json.replace("\"sockets\":", "\"socketList\":")).isEmpty());
    }

    /** A real report: a socket the GC cleared before it was closed gives a reclaimed group, a thread and a stack. */
    private String reportWithAReclaimedSocket() {
        SocketRegistry registry = new SocketRegistry(true);
        registry.open(new Object(), SocketKind.SOCKET, -1);
        Scanner scanner = new Scanner(registry, new StackTable(10), new InternalErrors(), procSelf,
                TcpTables.of(procSelf, null));
        registry.live().iterator().next().clear();
        LeakReport report = scanner.scan(Duration.ofSeconds(30), false, new FrameFilter(List.of()), true);
        assertEquals(1, report.reclaimedCount());
        return JsonReport.render(report);
    }
}
