package io.sockwatch.agent.export;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The MXBean is registered only in a platform MBean server the application (or its operator) already created:
 * sockwatch never creates one and never starts a connector, so a JVM without JMX stays without it. Checked again
 * after every scan, so JMX started later (e.g. {@code jcmd ManagementAgent.start}) gets the MXBean too. Once
 * closed it never registers again, whatever thread asks: a detach cannot leave a zombie MXBean behind. A runtime
 * without {@code java.management}, or a registration that fails, turns it off for good with one line.
 */
public final class JmxRegistration {
    /** Registered in every platform MBean server, and only there (custom servers start empty). */
    private static final String PLATFORM_BEAN = "java.lang:type=Runtime";

    private final SockwatchMXBean bean;
    private boolean registered;
    private boolean closed;

    public JmxRegistration(SockwatchMXBean bean) {
        this.bean = bean;
    }

    /** Registers if the platform MBean server exists by now; returns the reason when JMX is off from now on. */
    public synchronized String registerIfJmxInUse() {
        if (closed || registered) {
            return null;
        }
        try {
            if (platformServerExists()) {
                ManagementFactory.getPlatformMBeanServer().registerMBean(bean,
                        new ObjectName(SockwatchMXBean.OBJECT_NAME));
                registered = true;
            }
            return null;
        } catch (Exception | LinkageError e) {
            closed = true;
            return "the JMX MXBean is off (" + e + "); reports via the CLI, files and JFR still work";
        }
    }

    public synchronized void close() {
        closed = true;
        if (!registered) {
            return;
        }
        registered = false;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(SockwatchMXBean.OBJECT_NAME));
        } catch (Exception alreadyGone) {
            // unregistered by someone else: nothing to undo
        }
    }

    private static boolean platformServerExists() throws Exception {
        ObjectName platformBean = new ObjectName(PLATFORM_BEAN);
        for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
            if (server.isRegistered(platformBean)) {
                return true;
            }
        }
        return false;
    }
}
