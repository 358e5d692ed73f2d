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

        assertTrue(output.contains("LEAK 1/2: 3 socket(s) in CLOSE_WAIT opened at "
                + leakingLine("LeakyClientScenario", "run")), output);
        assertTrue(output.contains("LEAK 2/2: 1 socket(s) in CLOSE_WAIT opened at "
                + leakingLine("PassiveCloseHangScenario", "serveThenHang")), output);
        assertTrue(output.contains("last I/O by thread \"demo-handler-1\""), output);
        assertTrue(output.contains("RECLAIMED BY GC WITHOUT close(): 1 SOCKET(s) opened at "
                + leakingLine("GcDroppedScenario", "openAndDrop")), output);
        assertEquals(1, output.lines().filter(l -> l.startsWith("=== sockwatch report")).count(),
                "one report, at exit; while running, a line per new leak site: " + output);
    }

    /** The frame of the line after the {@code // LEAK} comment in a scenario's source. */
    private static String leakingLine(String scenario, String method) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(scenario + ".java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("// LEAK")) {
                return "io.sockwatch.demo." + scenario + "." + method + "(" + scenario + ".java:" + (i + 2) + ")";
            }
        }
        throw new IllegalStateException("no // LEAK line in " + scenario);
    }
}
