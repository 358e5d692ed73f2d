package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.testing.TestJdk;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A user's Maven project (src/test/leaky-project) built against the installed artifacts: the tests that leak
 * fail with their line, the others pass, on each JDK.
 */
class SocketLeakExtensionIT {

    @BeforeAll
    static void install() throws Exception {
        TestProject.installArtifacts();
    }

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void theTestsThatLeakFailWithTheirLineAndNoOtherDoes(TestJdk jdk) throws Exception {
        Map<String, String> outcomes = TestProject.test(jdk.toString(), jdk);

        assertLeak(outcomes, "PlainSocketTest.leavesASocketOpen", "still open",
                TestProject.frame("PlainSocketTest", "leavesASocketOpen", "leak:plain-socket"));
        assertTrue(outcomes.get("PlainSocketTest.leavesASocketOpen").contains("  SOCKET 127.0.0.1:"),
                outcomes.toString());
        assertTrue(outcomes.get("PlainSocketTest.leavesASocketOpen").contains(", ESTABLISHED, opened by thread "),
                outcomes.toString());
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

        for (String passes : new String[] {"PlainSocketTest.closesItsSocket",
                "PlainSocketTest.aSocketClosedByAnotherThreadWithinTheGracePeriodIsNoLeak",
                "HttpClientsTest.closesEverything", "ClassLevelServerTest.usesTheSharedClient",
                "ClassLevelServerTest.usesTheSharedServer", "ForgottenServerTest.usesTheServer",
                "PooledClientTest.keepsAnIdlePooledConnection"}) {
            assertTrue(outcomes.containsKey(passes), passes + " ran: " + outcomes.keySet());
            assertNull(outcomes.get(passes), passes + " passes");
        }
        assertEquals(12, outcomes.size(), "every test and the one failed class: " + outcomes.keySet());
    }

    private static void assertLeak(Map<String, String> outcomes, String test, String what, String line) {
        String message = outcomes.get(test);
        assertTrue(message != null && message.contains(what) && message.contains("  --> at " + line),
                test + " fails with " + what + " at " + line + "; outcomes: " + outcomes);
    }
}
