package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.testing.TestJdk;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading the TCP tables and the fd directory must not initialise JDK networking: it would fix
 * java.net.preferIPv4Stack before the application's main could set it (a FileChannel does, by loading libnet).
 */
@EnabledOnOs(OS.LINUX)
class ProcReadsLeaveNetworkingAloneTest {

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void anApplicationCanStillPreferIpv4AfterAScan(TestJdk jdk) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jdk.flags());
        command.add("-cp");
        command.add("target/classes" + File.pathSeparator + "target/test-classes");
        command.add(ReadTablesThenPreferIpv4.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("listener=0.0.0.0:"), "the listener went to tcp6: " + output);
    }
}
