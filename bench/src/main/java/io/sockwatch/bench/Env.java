package io.sockwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the machine is: for the report's header, and the limits the benchmarks size themselves by. */
final class Env {
    private Env() {
    }

    /** The soft RLIMIT_NOFILE this process (and so every child) has; 1024 if unreadable. */
    static int openFileLimit() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 1024;
    }

    /** Rows in this namespace's /proc/net/tcp and tcp6 (headers excluded). */
    static int tcpRows() {
        int rows = 0;
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try (java.util.stream.Stream<String> lines = Files.lines(Paths.get(f), StandardCharsets.ISO_8859_1)) {
                rows += (int) Math.max(0, lines.count() - 1);
            } catch (IOException | RuntimeException e) {
                // absent
            }
        }
        return rows;
    }

    static String hardOpenFileLimit() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return line.substring("Max open files".length()).trim().split("\\s+")[1];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    /** JAVA_VERSION from the JDK's release file, else the first line of java -version. */
    static String javaVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String v = run(home.resolve("bin/java").toString(), "-version");
        return v.isEmpty() ? "?" : v.split("\n")[0];
    }

    static String javaVendorLine(Path home) {
        String v = run(home.resolve("bin/java").toString(), "-version");
        String[] lines = v.split("\n");
        return lines.length > 1 ? lines[1].trim() : v.trim();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    static String kernel() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    static String sysctl(String path) {
        try {
            // one read with a large buffer: some /proc/sys files do not continue a read at offset 1
            try (java.io.BufferedReader r = Files.newBufferedReader(Paths.get(path), StandardCharsets.US_ASCII)) {
                String line = r.readLine();
                return line == null ? "?" : line.trim().replaceAll("\\s+", "-");
            }
        } catch (IOException e) {
            return "?";
        }
    }

    static String gitHead(Path anyPathInRepo) {
        Path dir = anyPathInRepo.toAbsolutePath().getParent();
        String head = run("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD");
        String dirty = run("git", "-C", dir.toString(), "status", "--porcelain", "--untracked-files=no");
        return head.isEmpty() ? "?" : head.trim() + (dirty.trim().isEmpty() ? "" : " + uncommitted changes");
    }

    static String describeJar(Path jar) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest(Files.readAllBytes(jar));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return "sha256 " + hex + "…, built " + Files.getLastModifiedTime(jar).toString()
                    .replace('T', ' ').replaceAll("\\.[0-9]+Z$", "Z");
        } catch (Exception e) {
            return "?";
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return "";
        }
    }

    /** The highest CPU number, if taskset can pin to it; null otherwise. */
    static String lastCpuIfTaskset() {
        String cpu = Integer.toString(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
        return canRun("taskset", "-c", cpu, "true") ? cpu : null;
    }

    private static boolean canRun(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
