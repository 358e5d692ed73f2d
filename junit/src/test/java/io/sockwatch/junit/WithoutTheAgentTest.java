package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** This JVM runs without the agent, as a build whose argLine lacks it: the class fails with the one line to add. */
class WithoutTheAgentTest {

    @Test
    void aCheckedClassFailsWithTheJavaagentFlagToAdd() {
        List<String> failures = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Checked.class))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            ran.add(id.getDisplayName());
                        }
                        result.getThrowable().ifPresent(t -> {
                            failures.add(id.getDisplayName() + ": " + t.getMessage());
                            for (Throwable more : t.getSuppressed()) {
                                failures.add("suppressed: " + more);
                            }
                        });
                    }
                });
        assertEquals(List.of(), ran, "no test runs unchecked");
        assertEquals(List.of("WithoutTheAgentTest$Checked: sockwatch is not running in this test JVM, so "
                + "SocketLeakExtension cannot see its sockets: start the JVM with "
                + "-javaagent:/path/to/sockwatch-agent.jar=interval=1s (Maven: surefire's <argLine>; Gradle: "
                + "test { jvmArgs }); see \"Leak hunting in tests\" in sockwatch's docs/usage.md"), failures);
        assertTrue(javax.management.MBeanServerFactory.findMBeanServer(null).isEmpty(),
                "no MBean server created for an agent that is not there");
    }

    @SocketLeakCheck
    static class Checked {
        @Test
        void opensNothing() {
        }
    }
}
