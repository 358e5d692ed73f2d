package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.it.apps.AllKindsLoadedTarget;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An attach retransforms every socket class the JVM has loaded in one call, so the application stops once
 * (one RedefineClasses safepoint in the JVM's own safepoint log), and the detach once more.
 */
class AttachSafepointIT {
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void attachAndDetachStopTheJvmOnceEach(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("safepoint.log");
        try (Target target = Target.start(jdk, dir, List.of("-Xlog:safepoint:file=" + log), AllKindsLoadedTarget.class)) {
            target.await("ready");
            assertEquals(List.of(), redefinitions(log), "no retransformation before the attach");
            target.cli("attach", "" + target.pid(), "interval=100ms").expect(0);
            assertEquals(1, redefinitions(log).size(), "one safepoint for all hooked classes: " + redefinitions(log));
            target.cli("detach", "" + target.pid()).expect(0);
            assertEquals(2, redefinitions(log).size(), "one more for the detach: " + redefinitions(log));
            assertEquals(0, target.stop());
        }
    }

    private static List<String> redefinitions(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains("\"RedefineClasses\""))
                .collect(Collectors.toList());
    }
}
