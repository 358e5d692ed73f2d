package io.sockwatch.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a scenario main class in a fresh JVM with the built agent jar, and returns what it printed and wrote. */
public final class AgentRun {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("sockwatch.agentJar", "target/sockwatch-agent.jar"))
            .toAbsolutePath();
    public static final Path TEST_CLASSES = Paths.get(System.getProperty("sockwatch.testClasses", "target/test-classes"))
            .toAbsolutePath();

    /** A JVM argument {@code -Dsockwatch.it.extraClasspath=...} also extends the scenario's class path. */
    private static final String EXTRA_CLASSPATH = "-Dsockwatch.it.extraClasspath=";

    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final Path json;

    private AgentRun(int exitCode, String stdout, String stderr, Path json) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.json = json;
    }

    /** Runs {@code mainClass} with {@code -javaagent:<jar>=json=<tmp>,<options>} and waits for it to exit. */
    public static AgentRun run(TestJdk runtime, Path workDir, String options, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        return run(runtime, workDir, options, List.of(), mainClass, args);
    }

    /** As {@link #run(TestJdk, Path, String, Class, String...)}, with extra JVM arguments. */
    public static AgentRun run(TestJdk runtime, Path workDir, String options, List<String> extraJvmArgs,
                               Class<?> mainClass, String... args) throws IOException, InterruptedException {
        Path json = workDir.resolve("report.json");
        String agentArgs = "json=" + json + (options.isEmpty() ? "" : "," + options);
        List<String> jvmArgs = new ArrayList<>(runtime.flags());
        jvmArgs.addAll(extraJvmArgs);
        jvmArgs.add("-javaagent:" + AGENT_JAR + "=" + agentArgs);
        jvmArgs.add("-Dsockwatch.it.json=" + json);
        return launch(runtime, workDir, jvmArgs, mainClass, args, json);
    }

    /**
     * As {@link #run(TestJdk, Path, String, Class, String...)}, started by {@code wrapper} (a command line that
     * ends by running the rest: {@code prlimit --nofile=N:N --}, {@code unshare -n sh -c '...; exec "$@"' sh}).
     */
    public static AgentRun runWrapped(List<String> wrapper, TestJdk runtime, Path workDir, String options,
                                      Class<?> mainClass, String... args) throws IOException, InterruptedException {
        Path json = workDir.resolve("report.json");
        List<String> jvmArgs = new ArrayList<>(runtime.flags());
        jvmArgs.add("-javaagent:" + AGENT_JAR + "=json=" + json + "," + options);
        jvmArgs.add("-Dsockwatch.it.json=" + json);
        return launch(wrapper, runtime, workDir, jvmArgs, mainClass, args, json);
    }

    /** Runs {@code mainClass} with the given JVM arguments (no agent unless they add one). */
    public static AgentRun launch(TestJdk runtime, Path workDir, List<String> jvmArgs, Class<?> mainClass,
                                  String[] args, Path json) throws IOException, InterruptedException {
        return launch(List.of(), runtime, workDir, jvmArgs, mainClass, args, json);
    }

    private static AgentRun launch(List<String> prefix, TestJdk runtime, Path workDir, List<String> jvmArgs,
                                   Class<?> mainClass, String[] args, Path json) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(runtime.java().toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        String extra = jvmArgs.stream().filter(a -> a.startsWith(EXTRA_CLASSPATH)).map(a -> a.substring(EXTRA_CLASSPATH.length()))
                .findFirst().orElse("");
        command.add(scenarioClasspath() + (extra.isEmpty() ? "" : java.io.File.pathSeparator + extra));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("scenario " + mainClass.getSimpleName() + " on " + runtime + " did not finish in 120 s; stderr:\n"
                    + read(err));
        }
        return new AgentRun(p.exitValue(), read(out), read(err), json);
    }

    /** Test classes plus the libraries scenarios use (never the agent's own classes). */
    static String scenarioClasspath() {
        return TEST_CLASSES + java.io.File.pathSeparator + System.getProperty("sockwatch.scenarioClasspath", "");
    }

    public Map<String, Object> report() throws IOException {
        return Reports.parse(read(json));
    }

    /** A report the scenario copied aside while its sockets were open (see {@code Scenarios.snapshot}). */
    public Map<String, Object> snapshot(String name) throws IOException {
        return Reports.parse(read(json.resolveSibling(name + ".json")));
    }

    public String describe() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    }
}
