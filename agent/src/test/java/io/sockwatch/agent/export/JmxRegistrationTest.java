package io.sockwatch.agent.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs in a JVM that uses JMX (this test creates the platform MBean server). */
class JmxRegistrationTest {
    private final JmxRegistration registration = new JmxRegistration(new SockwatchMBeanImpl(
            () -> { throw new AssertionError("not read"); }, () -> "", () -> "", () -> ""));

    @AfterEach
    void unregister() {
        registration.close();
    }

    @Test
    void registersWhereJmxIsInUseAndUnregistersOnClose() throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        registration.registerIfJmxInUse();
        assertTrue(registered());
        registration.registerIfJmxInUse(); // again: harmless
        registration.close();
        assertFalse(registered());
    }

    /** A scan that finishes after a detach must not bring back the MXBean of a stopped sockwatch (issue 10, 12). */
    @Test
    void neverRegistersAfterClose() throws Exception {
        ManagementFactory.getPlatformMBeanServer();
        registration.close();
        registration.registerIfJmxInUse();
        assertFalse(registered());
    }

    private static boolean registered() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(SockwatchMXBean.OBJECT_NAME));
    }
}
