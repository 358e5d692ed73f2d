package io.sockwatch.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.scan.Scanner;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in a JVM that uses JMX (this test creates the platform MBean server). */
class JmxRegistrationTest {
    private ReportSummary summary;
    private JmxRegistration registration;

    @BeforeEach
    void emptyScan(@TempDir Path procSelf) {
        Scanner scanner = new Scanner(new SocketRegistry(false), new StackTable(10), new InternalErrors(), procSelf,
                TcpTables.of(procSelf, null));
        summary = scanner.scan(Duration.ofSeconds(30), false, new FrameFilter(List.of()), true).summary(scanner.scans());
        registration = new JmxRegistration(new SockwatchMBeanImpl(new SockwatchMBeanImpl.Source() {
            @Override
            public ReportSummary latest() {
                return summary;
            }

            @Override
            public String options() {
                return "";
            }

            @Override
            public String textReport() {
                return "";
            }

            @Override
            public String jsonReport() {
                return "";
            }
        }));
    }

    @AfterEach
    void unregister() {
        registration.close();
    }

    @Test
    void registersWhereJmxIsInUseAndUnregistersOnClose() throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        registration.update(summary, 20);
        assertTrue(registered());
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName(SockwatchMXBean.OBJECT_NAME), "Scans"), "the attributes read the summary");
        registration.update(summary, 20); // again: harmless
        registration.close();
        assertFalse(registered());
    }

    /** A scan that finishes after a detach must not bring back the MXBean of a stopped sockwatch (issue 10, 12). */
    @Test
    void neverRegistersAfterClose() throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        registration.close();
        registration.update(summary, 20);
        assertFalse(registered());
    }

    /** Exporters drop every attribute that is not a number: the summary MXBean has only numbers. */
    @Test
    void theSummaryAttributesAreNumbers() throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        registration.update(summary, 20);
        for (javax.management.MBeanAttributeInfo a : ManagementFactory.getPlatformMBeanServer()
                .getMBeanInfo(new ObjectName(SockwatchMXBean.OBJECT_NAME)).getAttributes()) {
            assertTrue(List.of("int", "long", "double").contains(a.getType()), a.getName() + ": " + a.getType());
        }
    }

    private static boolean registered() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(SockwatchMXBean.OBJECT_NAME));
    }
}
