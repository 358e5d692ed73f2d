package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.testing.TestJdk;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's Maven project (src/test/leaky-project) built against the installed artifacts: the tests that leak
 * fail with their line, the others pass, on each JDK.
 */
class SocketLeakExtensionIT {
    /** Tests that close what they open, or keep it open where allowed: they pass however the tests run. */
    private static final String[] PASSING = {"PlainSocketTest.closesItsSocket",
        "PlainSocketTest.aSocketClosedByAnotherThreadWithinTheGracePeriodIsNoLeak",
        "PlainSocketTest.aSlowerCloseWithinALongerGracePeriodIsNoLeak",
        "HttpClientsTest.closesEverything", "ClassLevelServerTest.acceptsTheConnectionTheClassMade",
        "ClassLevelServerTest.usesTheSharedServer", "ForgottenServerTest.usesTheServer",
        "PooledClientTest.keepsAnIdlePooledConnection",
        "ExecutorTest.closesOnAnExecutorThread", "SharedJdkHttpClientTest.getsThroughTheSharedClient",
        "SharedJdkHttpClientTest.getsAgainOnThePooledConnection"};

    @BeforeAll
    static void install() throws Exception {
        TestProject.installArtifacts();
    }

    /**
     * Without parallel execution, and with it on but in JUnit's default {@code same_thread} mode, where tests still run
     * one after another (one JDK each: the extension's decision is plain Java, and each run is a Maven build): a test
     * that ran alone answers for every socket opened meanwhile, those of an executor it handed work to too.
     */
    static Stream<Arguments> sequentialRuns() {
        return Stream.of(Arguments.of(TestJdk.JDK17, false), Arguments.of(TestJdk.JDK25, true));
    }

    @ParameterizedTest(name = "{0}, parallel execution on in same_thread mode: {1}")
    @MethodSource("sequentialRuns")
    void theTestsThatLeakFailWithTheirLineAndNoOtherDoes(TestJdk jdk, boolean parallelSameThread) throws Exception {
        String run = parallelSameThread ? jdk + "-same-thread" : jdk.toString();
        Map<String, String> outcomes = parallelSameThread
                ? TestProject.test(run, jdk, "-Djunit.jupiter.execution.parallel.enabled=true")
                : TestProject.test(run, jdk);

        assertLeak(outcomes, "PlainSocketTest.leavesASocketOpen", "still open",
                TestProject.frame("PlainSocketTest", "leavesASocketOpen", "leak:plain-socket"));
        assertTrue(outcomes.get("PlainSocketTest.leavesASocketOpen").contains("  SOCKET 127.0.0.1:"),
                outcomes.toString());
        assertTrue(outcomes.get("PlainSocketTest.leavesASocketOpen").contains(", ESTABLISHED, opened by thread "),
                outcomes.toString());
        assertLeak(outcomes, "PlainSocketTest.keepsASocketItsPeerClosed",
                ", CLOSE_WAIT (the peer closed; this side never did), opened by thread ",
                TestProject.frame("PlainSocketTest", "keepsASocketItsPeerClosed", "leak:close-wait"));
        assertLeak(outcomes, "PlainSocketTest.dropsASocketWithoutClosingIt", "reclaimed by the GC without close()",
                TestProject.frame("PlainSocketTest", "dropsASocketWithoutClosingIt", "leak:dropped"));
        // The client is unreachable once the test returns: the GC reclaims its socket, or it is still open.
        assertLeak(outcomes, "HttpClientsTest.leaksAnApacheHttpClientResponse", "opened during this test",
                TestProject.frame("HttpClientsTest", "leaksAnApacheHttpClientResponse", "leak:httpclient"));
        assertLeak(outcomes, "HttpClientsTest.leaksAnOkHttpResponse", "still open",
                TestProject.frame("HttpClientsTest", "leaksAnOkHttpResponse", "leak:okhttp"));
        assertLeak(outcomes, "ForgottenServerTest", "ForgottenServerTest's class-level code",
                TestProject.frame("ForgottenServerTest", "startServer", "leak:class-level"));
        assertTrue(outcomes.get("ForgottenServerTest").contains("SERVER_SOCKET 127.0.0.1:"), outcomes.toString());

        // the server's end too: every thread's sockets are the test's
        assertLeak(outcomes, "PlainSocketTest.leavesASocketOpen", "2 socket(s) opened during this test",
                TestProject.frame("PlainSocketTest", "leavesASocketOpen", "leak:plain-socket"));
        assertLeak(outcomes, "ExecutorTest.leaksOnAnExecutorThread", "still open",
                TestProject.frame("ExecutorTest", "connect", "leak:executor"));

        assertPass(outcomes, PASSING);
        // ConcurrentTest runs only in concurrent mode
        assertEquals(18, outcomes.keySet().stream().filter(t -> !t.startsWith("ConcurrentTest")).count(),
                "every test and the one failed class: " + outcomes.keySet());
        String output = TestProject.output(run);
        assertTrue(output.contains("sockwatch: tracking sockets"), output);
        assertFalse(output.contains("WARNING") || output.contains("warning:"), "no JVM warning: " + output);
    }

    /**
     * With JUnit's parallel execution a test answers only for the sockets its own thread opened: the test that
     * closes its socket passes though another test leaked one meanwhile, and the leaks still fail at their lines.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void inParallelNoTestFailsForAnotherTestsSocket(TestJdk jdk) throws Exception {
        Map<String, String> outcomes = TestProject.test(jdk + "-parallel", jdk,
                "-Djunit.jupiter.execution.parallel.enabled=true",
                "-Djunit.jupiter.execution.parallel.mode.default=concurrent",
                "-Djunit.jupiter.execution.parallel.mode.classes.default=concurrent",
                "-Djunit.jupiter.execution.parallel.config.strategy=fixed",
                "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=4");

        assertLeak(outcomes, "ConcurrentTest.leaksWhileTheOtherTestRuns", "1 socket(s) opened during this test",
                TestProject.frame("ConcurrentTest", "leaksWhileTheOtherTestRuns", "leak:concurrent"));
        assertPass(outcomes, new String[] {"ConcurrentTest.closesItsSocket"});
        // The server's end was opened by the server's thread: not the test's own, so not in its message.
        assertLeak(outcomes, "PlainSocketTest.leavesASocketOpen", "1 socket(s) opened during this test",
                TestProject.frame("PlainSocketTest", "leavesASocketOpen", "leak:plain-socket"));
        assertLeak(outcomes, "HttpClientsTest.leaksAnOkHttpResponse", "1 socket(s) opened during this test",
                TestProject.frame("HttpClientsTest", "leaksAnOkHttpResponse", "leak:okhttp"));
        assertLeak(outcomes, "PlainSocketTest.keepsASocketItsPeerClosed", "CLOSE_WAIT (the peer closed",
                TestProject.frame("PlainSocketTest", "keepsASocketItsPeerClosed", "leak:close-wait"));
        assertLeak(outcomes, "ForgottenServerTest", "ForgottenServerTest's class-level code",
                TestProject.frame("ForgottenServerTest", "startServer", "leak:class-level"));
        assertPass(outcomes, PASSING);
    }

    private static void assertPass(Map<String, String> outcomes, String[] tests) {
        for (String test : tests) {
            assertTrue(outcomes.containsKey(test), test + " ran: " + outcomes.keySet());
            assertNull(outcomes.get(test), test + " passes");
        }
    }

    private static void assertLeak(Map<String, String> outcomes, String test, String what, String line) {
        String message = outcomes.get(test);
        assertTrue(message != null && message.contains(what) && message.contains("  --> at " + line),
                test + " fails with " + what + " at " + line + "; outcomes: " + outcomes);
    }
}
