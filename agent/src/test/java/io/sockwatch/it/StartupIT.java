package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.OneConnection;
import io.sockwatch.testing.ClassLoadLog;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the agent's start costs the JVM in classes it would not load without it (figures in docs/benchmarks.md). */
class StartupIT {

    /**
     * Two costs the premain once paid: the hook's class bytes asked of the class loader, whose parents search every
     * JDK module and so start the JDK's image reader; and core reflection calling into sockwatch's loader, which
     * since JDK 18 spins method-handle adapters, new species among them (~20 ms on JDK 25).
     */
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void theAgentStartsWithoutTheImageReaderOrNewMethodHandleSpecies(TestJdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.run(jdk, dir, OneConnection.class, "close");
        assertEquals(0, log.run.exitCode, log.run.describe());
        assertTrue(log.loaded("sun.nio.ch.SockwatchHook"), "the hook is defined: " + log.run.describe());
        assertFalse(log.loaded("jdk.internal.jimage.ImageReader"), "the JDK's image reader");
        assertFalse(log.loaded("java.lang.invoke.ClassSpecializer$Factory$1"), "a method-handle species generator");
    }

    /**
     * A lambda or method reference is a class spun at run time (on JDK 25 through the class-file API, its stack-map
     * generator compiled by the JIT): the agent's 13 at start-up cost up to 35 ms of CPU and 0.5-4.6 MiB of peak RSS
     * on JDK 25 (docs/design.md, "Start-up"). None runs from the premain through a connection to the exit.
     */
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void theAgentSpinsNoLambdaClassFromStartToExit(TestJdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.run(jdk, dir, OneConnection.class, "close");
        assertEquals(0, log.run.exitCode, log.run.describe());
        List<String> loaded = log.loadedClasses();
        assertTrue(loaded.contains(OneConnection.class.getName()), "the log has the application: " + loaded.size());
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("io.sockwatch.agent.") && c.contains("$$Lambda"))
                .collect(Collectors.toList()));
    }
}
