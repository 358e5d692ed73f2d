package io.sockwatch.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo under sockwatch shows its CLOSE_WAIT leaks at their lines and exits 0. */
class ReadmeDemoIT {
    /** Exactly as printed in README.md (run from the repository root). */
    private static final String COMMAND =
            "java -javaagent:agent/target/sockwatch-agent.jar=threshold=5s -jar demo-app/target/sockwatch-demo.jar";
    private static final Path SOURCES = Paths.get("demo-app/src/main/java/io/sockwatch/demo");

    @Test
    void readmeDemoCommandReportsTheLeakingLines(@TempDir Path dir) throws Exception {
        assertTrue(Files.readString(Paths.get("README.md")).contains(COMMAND), "README.md shows the demo command");
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(COMMAND.split(" ")));
        command.set(0, Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo exits by itself within 60 s");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);

        // the growing leak is the biggest group; how many of its sockets passed the threshold depends on timing
        assertTrue(output.contains(" socket(s) in CLOSE_WAIT opened at " + marked("GrowingLeakScenario",
                "leakUntilInterrupted", "// LEAK")), output);
        assertTrue(output.contains("LEAK 2/3: 3 socket(s) in CLOSE_WAIT opened at "
                + marked("LeakyClientScenario", "run", "// LEAK")), output);
        assertTrue(output.contains("LEAK 3/3: 1 socket(s) in CLOSE_WAIT opened at "
                + marked("PassiveCloseHangScenario", "serveThenHang", "// LEAK")), output);
        assertTrue(output.contains("last I/O by thread \"demo-handler-1\""), output);
        assertTrue(output.contains("RECLAIMED BY GC WITHOUT close(): 1 SOCKET(s) opened at "
                + marked("GcDroppedScenario", "openAndDrop", "// LEAK")), output);
        assertTrue(output.contains("CLOSED FIRST AT " + marked("ClientPerRequestScenario", "get", "// CHURN")
                + ": 20 TIME_WAIT"), output);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("fds: ") && l.contains("at this rate fds run out in ~")),
                output);
        assertEquals(1, output.lines().filter(l -> l.startsWith("=== sockwatch report")).count(),
                "one report, at exit; while running, a line per new leak site: " + output);
    }

    /** The frame of the line after the {@code marker} comment ({@code // LEAK}, {@code // CHURN}) in a scenario. */
    private static String marked(String scenario, String method, String marker) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(scenario + ".java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(marker)) {
                return "io.sockwatch.demo." + scenario + "." + method + "(" + scenario + ".java:" + (i + 2) + ")";
            }
        }
        throw new IllegalStateException("no " + marker + " line in " + scenario);
    }
}
