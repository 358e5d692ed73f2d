package io.sockwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A long-running scenario JVM the test talks to through files, and the CLI it runs against it. */
public final class Target implements AutoCloseable {
    private final TestJdk jdk;
    private final Path dir;
    private final Process process;

    private Target(TestJdk jdk, Path dir, Process process) {
        this.jdk = jdk;
        this.dir = dir;
        this.process = process;
    }

    public static Target start(TestJdk jdk, Path dir, List<String> jvmArgs, Class<?> mainClass, String... args)
            throws IOException {
        return start(jdk, dir, javaCommand(jdk, jvmArgs, AgentRun.scenarioClasspath(), mainClass, args));
    }

    /**
     * As {@link #start}, started by {@code wrapper}, a command line that ends by running the rest
     * ({@code setpriv --reuid=nobody --regid=nogroup --clear-groups}).
     */
    public static Target startWrapped(List<String> wrapper, TestJdk jdk, Path dir, List<String> jvmArgs,
                                      Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(javaCommand(jdk, jvmArgs, AgentRun.scenarioClasspath(), mainClass, args));
        return start(jdk, dir, command);
    }

    /**
     * {@code mainClass} (of the test classes, using no library) in a {@link Container} of its own, as another user:
     * {@link #pid()} is its pid as seen from here.
     */
    public static Target startInContainer(TestJdk jdk, Path dir, Class<?> mainClass, String... args)
            throws IOException {
        return start(jdk, dir, Container.command(dir, javaCommand(jdk, List.of(), "/classes", mainClass, args)));
    }

    private static List<String> javaCommand(TestJdk jdk, List<String> jvmArgs, String classpath, Class<?> mainClass,
                                            String... args) {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jdk.flags());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static Target start(TestJdk jdk, Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        return new Target(jdk, dir, p);
    }

    /** The JVM's pid (in a container: the java process under unshare and its shell). */
    public long pid() {
        if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            return process.pid();
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no JVM under " + process.pid())).pid();
    }

    /** Waits up to 30 s until the target printed {@code line}. */
    public void await(String line) throws Exception {
        await(line, 30);
    }

    /**
     * Waits up to {@code seconds} until the target printed {@code line}; if it never does, the failure holds the
     * target's threads as they were then, so a start-up that hangs can be told from a slow one.
     */
    public void await(String line, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!stdout().lines().anyMatch(line::equals)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("target never printed '" + line + "' in " + seconds + " s; stderr:\n"
                        + stderr() + "\nthreads:\n" + threadDump());
            }
            Thread.sleep(20);
        }
    }

    private String threadDump() throws Exception {
        if (!process.isAlive()) {
            return "(exited with " + process.exitValue() + ")";
        }
        Path jstack = jdk.java().resolveSibling("jstack");
        Process p = new ProcessBuilder(jstack.toString(), Long.toString(pid())).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Waits until the target printed a line starting with {@code prefix}, and returns that line. */
    public String awaitLineStartingWith(String prefix) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            java.util.Optional<String> line = stdout().lines().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("target never printed a line starting with '" + prefix + "'; stderr:\n"
                        + stderr());
            }
            Thread.sleep(20);
        }
    }

    public void touch(String file) throws IOException {
        Files.createFile(dir.resolve(file));
    }

    public String stdout() throws IOException {
        return new String(Files.readAllBytes(dir.resolve("stdout.txt")), StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return new String(Files.readAllBytes(dir.resolve("stderr.txt")), StandardCharsets.UTF_8);
    }

    /** Runs {@code java -jar sockwatch-agent.jar args...} with the target's JDK. */
    public Cli cli(String... args) throws Exception {
        return Cli.run(jdk, dir, args);
    }

    /** Runs {@code java -jar sockwatch-agent.jar args...} with {@code cliJdk}. */
    public Cli cli(TestJdk cliJdk, String... args) throws Exception {
        return Cli.run(cliJdk, dir, args);
    }

    /** Asks the target to stop and waits for it to exit normally. */
    public int stop() throws Exception {
        touch("stop");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("target did not stop");
        }
        return process.exitValue();
    }

    /**
     * Kills the JVM if it still runs. A killed JVM cannot delete sockwatch's request channel (as it cannot delete
     * its own hsperfdata file), so this does.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        long jvm = process.info().command().map(c -> c.endsWith("/java")).orElse(false) ? process.pid() : -1;
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            if (jvm > 0) {
                try (java.util.stream.Stream<Path> stale = Files.list(Path.of("/tmp"))) {
                    for (Path d : (Iterable<Path>) stale.filter(p -> p.getFileName().toString()
                            .startsWith("sockwatch-channel-" + jvm + "-"))::iterator) {
                        try (java.util.stream.Stream<Path> files = Files.list(d)) {
                            files.forEach(f -> f.toFile().delete());
                        }
                        Files.deleteIfExists(d);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot clean up after " + process.pid() + ": " + e, e);
        }
    }

    /** One CLI invocation and what it printed. */
    public static final class Cli {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        private Cli(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public static Cli run(TestJdk jdk, Path dir, String... args) throws Exception {
            return run(List.of(), jdk, dir, args);
        }

        /** The CLI run under {@code wrapper}, e.g. {@link Container#privateTmp}. */
        public static Cli run(List<String> wrapper, TestJdk jdk, Path dir, String... args) throws Exception {
            List<String> command = new ArrayList<>(wrapper);
            command.add(jdk.java().toString());
            command.add("-jar");
            command.add(AgentRun.AGENT_JAR.toString());
            command.addAll(List.of(args));
            Path out = Files.createTempFile(dir, "cli", ".out");
            Path err = Files.createTempFile(dir, "cli", ".err");
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI " + command + " hung");
            }
            return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
        }

        public Cli expect(int code) {
            assertEquals(code, exitCode, "exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + stdout + stderr;
        }
    }
}
