package io.sockwatch.it;

import static io.sockwatch.testing.Reports.sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sockwatch.it.apps.ClientLeak;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.TestJdk;
import io.sockwatch.testing.TimeWaitRows;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Java 22+ the kernel's tables come through NETLINK_SOCK_DIAG, called with the FFM API from sockwatch's own
 * module, which alone has native access: it works even where the host denies restricted methods to every module
 * that was not granted them, and prints nothing. (HostIT checks that the application's own code gains no native
 * access.)
 */
class NativeAccessIT {

    @Test
    void netlinkWorksWhereRestrictedMethodsAreDeniedAndSaysNothing(@TempDir Path dir) throws Exception {
        TimeWaitRows.enoughForNetlink();
        AgentRun run = AgentRun.run(TestJdk.JDK25, dir, "interval=100ms,threshold=1500ms",
                List.of("--illegal-native-access=deny"), ClientLeak.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> report = run.snapshot("leaked");
        assertEquals("netlink", report.get("kernelReader"), run.describe());
        assertEquals(3, sockets(report, "SOCKET").stream()
                .filter(s -> "CLOSE_WAIT".equals(s.get("state")) && Boolean.TRUE.equals(s.get("leak"))).count(),
                "the leaks, found through netlink: " + run.describe());
        AttachIT.assertNoWarningsBut(TestJdk.JDK25, run.stderr);
        assertFalse(run.stderr.contains("netlink"), "no fallback to /proc: " + run.stderr);
    }
}
