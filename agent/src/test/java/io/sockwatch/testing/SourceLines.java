package io.sockwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Finds the line of a scenario's source that carries a marker comment, e.g. {@code // open:client}. */
public final class SourceLines {
    private static final Path TEST_SOURCES = Paths.get("src/test/java");

    private SourceLines() {
    }

    /** The stack-trace form of the marked line: {@code pkg.Class.method(Class.java:LINE)}. */
    public static String frame(Class<?> scenario, String method, String marker) throws IOException {
        return scenario.getName() + "." + method + "(" + scenario.getSimpleName() + ".java:" + line(scenario, marker) + ")";
    }

    public static int line(Class<?> scenario, String marker) throws IOException {
        Path source = TEST_SOURCES.resolve(scenario.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// " + marker) && lines.get(i).trim().indexOf("// " + marker) > 0) {
                if (found > 0) {
                    throw new IllegalStateException("marker '" + marker + "' twice in " + source);
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("marker '" + marker + "' not in " + source);
        }
        return found;
    }
}
