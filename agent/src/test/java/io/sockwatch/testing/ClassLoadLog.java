package io.sockwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A JVM with the agent's default options (no report file), logging every class it loads ({@code -Xlog:class+load}). */
public final class ClassLoadLog {
    private final Path file;
    public final AgentRun run;

    private ClassLoadLog(Path file, AgentRun run) {
        this.file = file;
        this.run = run;
    }

    /** Runs {@code mainClass} in {@code workDir}, which must be empty, with {@code -javaagent:<jar>} and no options. */
    public static ClassLoadLog run(TestJdk jdk, Path workDir, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        Path file = workDir.resolve("classes.txt");
        List<String> jvmArgs = new ArrayList<>(jdk.flags());
        jvmArgs.add("-Xlog:class+load=info:file=" + file);
        jvmArgs.add("-javaagent:" + AgentRun.AGENT_JAR);
        return new ClassLoadLog(file, AgentRun.launch(jdk, workDir, jvmArgs, mainClass, args,
                workDir.resolve("no-report.json")));
    }

    /** The names of the classes the JVM loaded, in order. */
    public List<String> loadedClasses() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int start = line.indexOf("] ");
            int end = line.indexOf(" source: ");
            if (start >= 0 && end > start) {
                names.add(line.substring(start + 2, end));
            }
        }
        return names;
    }

    /** Whether the JVM loaded the class named {@code className}. */
    public boolean loaded(String className) throws IOException {
        return Files.readString(file).contains("] " + className + " source: ");
    }
}
