package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/** The packages read as the pipeline (instrument, registry, kernel, correlation, report, scan, render, export, cli): no cycles. */
class PackageGraphTest {
    private static final String PREFIX = "io.sockwatch.agent";

    @Test
    void thePackageGraphIsAcyclic() {
        Map<String, Set<String>> uses = packageDependencies();
        assertTrue(uses.containsKey(PREFIX + ".report"), "jdeps saw the agent's classes: " + uses);
        List<String> cycle = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (findCycle(start, uses, new ArrayList<>(), new TreeSet<>(), cycle)) {
                break;
            }
        }
        assertEquals(List.of(), cycle, "a package cycle");
    }

    /** What a scan finds is values: reading JDK or library objects (instrument, reflection) is the scanner's job. */
    @Test
    void theReportModelReadsNoSocketObjects() {
        Set<String> used = packageDependencies().get(PREFIX + ".report");
        assertEquals(Set.of(PREFIX + ".kernel", PREFIX + ".log", PREFIX + ".registry"), used,
                "report/ may use the kernel's states, the log's Printable and the registry's kinds and threads only");
    }

    private static boolean findCycle(String pkg, Map<String, Set<String>> uses, List<String> path, Set<String> done,
                                     List<String> cycle) {
        if (path.contains(pkg)) {
            cycle.addAll(path.subList(path.indexOf(pkg), path.size()));
            cycle.add(pkg);
            return true;
        }
        if (!done.add(pkg)) {
            return false;
        }
        path.add(pkg);
        for (String used : uses.getOrDefault(pkg, Set.of())) {
            if (findCycle(used, uses, path, done, cycle)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** package -> packages it uses, among sockwatch's own (shaded libraries left out), as jdeps reads the classes. */
    private static Map<String, Set<String>> packageDependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                "target/classes");
        assertEquals(0, exit, out.toString());
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && isOurs(parts[0]) && isOurs(parts[2])
                    && !parts[0].equals(parts[2])) {
                uses.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        return uses;
    }

    private static boolean isOurs(String pkg) {
        return pkg.startsWith(PREFIX) && !pkg.startsWith(PREFIX + ".shaded");
    }
}
