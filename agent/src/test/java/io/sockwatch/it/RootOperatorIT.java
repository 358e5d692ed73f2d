package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.HostileTmp;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Root runs the CLI against a JVM of {@code nobody}, in a container, whose user races everything sockwatch puts in
 * its {@code /tmp} ({@link HostileTmp}): directories renamed and replaced by links to a directory of root's, answers
 * and dumps replaced by links to a file of root's. Whatever each command then answers, root's files are neither
 * deleted nor read, and every failure is one line.
 */
class RootOperatorIT {

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void theJvmsUserCannotTurnTheRootCliAgainstTheHost(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path canary = Files.createDirectory(dir.resolve("canary"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> canaryFiles = List.of("a", "b", "c", "reply", "heap.hprof");
        for (String name : canaryFiles) {
            Files.writeString(canary.resolve(name), "root's " + name);
        }
        String secretText = "SECRET-" + UUID.randomUUID();
        Path secret = dir.resolve("secret");
        Files.writeString(secret, secretText);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        List<Target.Cli> runs = new ArrayList<>();
        String saw;
        try (Target target = Target.startInContainer(jdk, dir, HostileTmp.class, canary.toString(), secret.toString())) {
            target.await("ready");
            String pid = Long.toString(target.pid());
            runs.add(target.cli("attach", pid, "interval=100ms"));
            for (int i = 0; i < 3; i++) {
                runs.add(target.cli("report", pid));
                runs.add(target.cli("report", "--json", pid));
            }
            runs.add(target.cli("explain", "--yes", pid));
            runs.add(target.cli("detach", pid));
            assertEquals(0, target.stop());
            saw = target.stdout().lines().filter(l -> l.startsWith("saw ")).findFirst().orElseThrow();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + runs, e);
        }

        for (String name : canaryFiles) {
            assertEquals("root's " + name, Files.readString(canary.resolve(name)), "root's file is intact: " + runs);
        }
        assertEquals(secretText, Files.readString(secret));
        for (Target.Cli run : runs) {
            assertFalse(run.stdout.contains(secretText) || run.stderr.contains(secretText), "read root's file: " + run);
            assertTrue(run.exitCode == 0 || run.exitCode == 1, run.toString());
            assertFalse(run.stderr.contains("\tat ") || run.stderr.contains("Exception in"), "no stack trace: " + run);
            if (run.exitCode == 1) {
                List<String> lines = run.stderr.lines().collect(java.util.stream.Collectors.toList());
                assertTrue(lines.get(lines.size() - 1).startsWith("sockwatch: "), "ends in one clear line: " + run);
            }
        }
        assertTrue(Integer.parseInt(saw.substring(4)) >= runs.size(), "the racer saw every command's files: " + saw);
    }
}
