package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AttachTarget;
import io.sockwatch.testing.Container;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Production is containers, attached to by root on the node: the JVM in its own mount and PID namespaces, on a root
 * of bind mounts with a private tmpfs {@code /tmp}, as {@code nobody}; and the CLI in a debug container that shares
 * the JVM's PID namespace but not its {@code /tmp}. Both CLIs (JDK 17 and 25) against both targets.
 */
class ContainerIT {
    private static final String OPTIONS = "interval=100ms,threshold=500ms";

    static Stream<Arguments> cliAndTarget() {
        return Stream.of(Arguments.of(TestJdk.JDK17, TestJdk.JDK17), Arguments.of(TestJdk.JDK17, TestJdk.JDK25),
                Arguments.of(TestJdk.JDK25, TestJdk.JDK17), Arguments.of(TestJdk.JDK25, TestJdk.JDK25));
    }

    @ParameterizedTest(name = "CLI {0}, target {1}")
    @MethodSource("cliAndTarget")
    void rootOnTheNodeAttachesToAJvmInAContainer(TestJdk cli, TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.startInContainer(jdk, dir, AttachTarget.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            String nsPid = Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
            assertTrue(nsPid.matches("NSpid:\\s+" + pid + "\\s+1"), "pid 1 in a namespace of its own: " + nsPid);
            Path containerTmp = Path.of("/proc", pid, "root", "tmp");

            target.cli(cli, "attach", pid, OPTIONS).expect(0);
            target.touch("leak-1");
            target.await("leaked-1");
            Thread.sleep(1500);
            Map<String, Object> report = Reports.parse(target.cli(cli, "report", "--json", pid).expect(0).stdout);
            assertEquals(List.of(frame(AttachTarget.class, "leakAfterAttach", "open:after-attach")),
                    list(report, "leaks").stream().map(g -> g.get("site")).collect(Collectors.toList()), report.toString());
            assertTrue(target.cli(cli, "report", pid).expect(0).stdout.contains("=== sockwatch report"));

            String explained = target.cli(cli, "explain", "--yes", pid).expect(0).stdout;
            assertTrue(explained.contains("AttachTarget"), "explain names the holder: " + explained);

            target.cli(cli, "detach", pid).expect(0);
            assertEquals(List.of(), sockwatchFiles(containerTmp), "nothing of sockwatch left in the container's /tmp");
            // and again: the jar is copied in again, the old class loader is not reused
            target.cli(cli, "attach", pid, OPTIONS).expect(0);
            target.cli(cli, "detach", pid).expect(0);
            assertEquals(List.of(), sockwatchFiles(containerTmp));
            assertEquals(jdk == TestJdk.JDK25 ? 2 : 0, count(target.stderr(), "A Java agent has been loaded dynamically"),
                    "one load per attach, none per report or detach: " + target.stderr());
            assertEquals(0, target.stop());
        }
    }

    @ParameterizedTest(name = "CLI {0}, target {1}")
    @MethodSource("cliAndTarget")
    void aDebugContainerWithItsOwnTmpAttaches(TestJdk cli, TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            Target.Cli.run(Container.privateTmp(), cli, dir, "attach", pid, OPTIONS).expect(0);
            Map<String, Object> report = Reports.parse(
                    Target.Cli.run(Container.privateTmp(), cli, dir, "report", "--json", pid).expect(0).stdout);
            assertEquals(1, list(report, "sockets").stream().filter(s -> "UNATTRIBUTED".equals(s.get("kind"))).count(),
                    "the leak from before the attach: " + report);
            assertTrue(Target.Cli.run(Container.privateTmp(), cli, dir, "explain", pid).expect(0).stderr
                    .contains("1 CLOSE_WAIT socket"), "explain reaches it too");
            Target.Cli.run(Container.privateTmp(), cli, dir, "detach", pid).expect(0);
            assertEquals(0, target.stop());
        }
    }

    private static List<String> sockwatchFiles(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("sockwatch"))
                    .collect(Collectors.toList());
        }
    }

    private static long count(String text, String line) {
        return text.lines().filter(l -> l.contains(line)).count();
    }
}
