package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AgentsAlreadyThere;
import io.sockwatch.it.otheragent.SocketCalls;
import io.sockwatch.it.otheragent.SocketCountingAgent;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Reports;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sockwatch next to the agents already in production JVMs: the OpenTelemetry javaagent and a byte-buddy
 * {@code Advice} agent that instruments the same JDK socket classes ({@link SocketCountingAgent}). In each order
 * and attached later, detached and attached again, every agent's instrumentation keeps working (OpenTelemetry's
 * client spans of the application's HTTP calls, the byte-buddy agent's counts, sockwatch's leak at its line), and
 * none reports an error. One target JVM per case: the OpenTelemetry agent takes seconds to start.
 */
class AgentsAlreadyThereIT {
    private static final String OPTIONS = "interval=100ms,threshold=500ms";
    /** One line per exported span of an HttpURLConnection call. */
    private static final String CLIENT_SPAN = " CLIENT [tracer: io.opentelemetry.http-url-connection";
    private static final Pattern CREATES = Pattern.compile("sun\\.nio\\.ch\\.NioSocketImpl\\.create:return=(\\d+)");
    private static List<String> otel;
    private static String countingAgent;

    @BeforeAll
    static void agents() throws IOException {
        otel = List.of("-javaagent:" + System.getProperty("sockwatch.otelAgentJar"), "-Dotel.traces.exporter=logging",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                // Only the instrumentation the application's calls need: the agent starts seconds faster.
                "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.http-url-connection.enabled=true");
        countingAgent = "-javaagent:" + buildCountingAgent(Paths.get("target/counting-agent"));
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void sockwatchFirst(TestJdk jdk, @TempDir Path dir) throws Exception {
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.add("-javaagent:" + AgentRun.AGENT_JAR + "=" + OPTIONS);
        jvmArgs.addAll(otel);
        jvmArgs.add(countingAgent);
        oneRoundFindsTheLeakWithoutErrors(jdk, dir, jvmArgs);
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void sockwatchLast(TestJdk jdk, @TempDir Path dir) throws Exception {
        List<String> jvmArgs = new ArrayList<>(otel);
        jvmArgs.add(countingAgent);
        jvmArgs.add("-javaagent:" + AgentRun.AGENT_JAR + "=" + OPTIONS);
        oneRoundFindsTheLeakWithoutErrors(jdk, dir, jvmArgs);
    }

    private static void oneRoundFindsTheLeakWithoutErrors(TestJdk jdk, Path dir, List<String> jvmArgs)
            throws Exception {
        try (Target target = Target.start(jdk, dir, jvmArgs, AgentsAlreadyThere.class)) {
            Rounds rounds = new Rounds(target);
            rounds.next();
            rounds.assertLeaks(1);
            assertEndsWithoutErrors(target);
        }
    }

    /** sockwatch's retransformations on attach and detach leave the byte-buddy agent's transformation in place. */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void sockwatchAttachedDetachedAndAttachedAgain(TestJdk jdk, @TempDir Path dir) throws Exception {
        List<String> jvmArgs = new ArrayList<>(otel);
        jvmArgs.add(countingAgent);
        try (Target target = Target.start(jdk, dir, jvmArgs, AgentsAlreadyThere.class)) {
            Rounds rounds = new Rounds(target);
            rounds.next();
            target.cli("attach", "" + target.pid(), OPTIONS).expect(0);
            rounds.next();
            rounds.assertLeaks(1);
            target.cli("detach", "" + target.pid()).expect(0);
            rounds.next();
            target.cli("attach", "" + target.pid(), OPTIONS).expect(0);
            rounds.next();
            rounds.assertLeaks(1);
            assertEndsWithoutErrors(target);
        }
    }

    /** The application's rounds of HTTP calls and one leak, each checked for the other agents' work. */
    private static final class Rounds {
        private final Target target;
        private int done;
        private long creates;

        Rounds(Target target) throws Exception {
            this.target = target;
            // three agents start on a CI machine's two busy cores: 4 s quiet, 5-7 s loaded, once over 30 s
            target.await("ready", 90);
        }

        void next() throws Exception {
            done++;
            target.touch("round-" + done);
            String line = target.awaitLineStartingWith("round-" + done + ": ");
            assertTrue(line.contains(" http=200,200,200 "), line);
            Matcher created = CREATES.matcher(line);
            assertTrue(created.find(), "the byte-buddy agent counts NioSocketImpl.create, the method sockwatch hooks: "
                    + line);
            long now = Long.parseLong(created.group(1));
            assertTrue(now > creates, "the byte-buddy agent counted this round's sockets: " + line);
            creates = now;
            long deadline = System.currentTimeMillis() + 10_000;
            while (clientSpans() < done * AgentsAlreadyThere.CALLS_PER_ROUND && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(done * AgentsAlreadyThere.CALLS_PER_ROUND, clientSpans(),
                    "an OpenTelemetry client span per HTTP call; stderr:\n" + target.stderr());
        }

        private long clientSpans() throws IOException {
            return (target.stdout() + target.stderr()).lines().filter(l -> l.contains(CLIENT_SPAN)).count();
        }

        /** sockwatch reports the {@code count} leaks of the rounds it saw, at the line that leaked them. */
        void assertLeaks(long count) throws Exception {
            Thread.sleep(1000); // past the threshold
            Map<String, Object> report = Reports.parse(target.cli("report", "" + target.pid(), "--json").expect(0).stdout);
            List<Map<String, Object>> leaks = list(report, "leaks");
            assertEquals(List.of(frame(AgentsAlreadyThere.class, "leak", "open:leak")),
                    leaks.stream().map(g -> g.get("site")).collect(Collectors.toList()), report.toString());
            assertEquals(count, leaks.get(0).get("count"), report.toString());
        }
    }

    /**
     * The target exits normally and no agent reported an error (sockwatch's warning of the leak itself aside):
     * sockwatch warns on a class it could not instrument,
     * byte-buddy's listener prints each failed transformation, OpenTelemetry logs its errors with their exceptions.
     */
    private static void assertEndsWithoutErrors(Target target) throws Exception {
        assertEquals(0, target.stop(), target.stderr());
        String stderr = target.stderr();
        List<String> errors = stderr.lines().filter(l -> l.contains("Exception") || l.contains("ERROR")
                || l.startsWith("sockwatch: WARN") && !l.startsWith("sockwatch: WARN LEAK: ")).collect(Collectors.toList());
        assertEquals(List.of(), errors, stderr);
        assertTrue(stderr.contains("counting agent: transformed sun.nio.ch.NioSocketImpl"), stderr);
        assertTrue(stderr.lines().anyMatch(l -> l.startsWith("counting agent: ") && l.contains(" calls {")), stderr);
    }

    /**
     * The byte-buddy agent as a production one comes: its classes and byte-buddy (not relocated) in one jar with
     * Premain-Class, Agent-Class and Can-Retransform-Classes, plus the jar it appends to the boot class path
     * ({@link SocketCalls} alone, which advice inlined into JDK classes calls). Returns the agent option.
     */
    private static synchronized String buildCountingAgent(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path classes = Paths.get(System.getProperty("sockwatch.testClasses", "target/test-classes"));
        String packagePath = SocketCountingAgent.class.getPackageName().replace('.', '/');
        Path agent = dir.resolve("counting-agent.jar");
        Path boot = dir.resolve("counting-agent-boot.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", SocketCountingAgent.class.getName());
        main.putValue("Agent-Class", SocketCountingAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agent), manifest)) {
            try (var files = Files.list(classes.resolve(packagePath))) {
                for (Path f : files.collect(Collectors.toList())) {
                    add(jar, packagePath + "/" + f.getFileName(), Files.readAllBytes(f));
                }
            }
            try (JarFile byteBuddy = new JarFile(byteBuddyJar())) {
                for (Enumeration<JarEntry> e = byteBuddy.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (!entry.isDirectory() && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = byteBuddy.getInputStream(entry)) {
                            add(jar, entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(boot))) {
            String counter = SocketCalls.class.getName().replace('.', '/') + ".class";
            add(jar, counter, Files.readAllBytes(classes.resolve(counter)));
        }
        return agent.toAbsolutePath() + "=" + boot.toAbsolutePath();
    }

    private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    private static File byteBuddyJar() {
        return Arrays.stream(System.getProperty("sockwatch.scenarioClasspath").split(File.pathSeparator))
                .map(File::new).filter(f -> f.getName().matches("byte-buddy-\\d.*\\.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no byte-buddy jar on the scenario class path"));
    }
}
