package io.sockwatch.agent.export;

import io.sockwatch.agent.report.ReportSummary;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The MXBeans are registered only in a platform MBean server the application (or its operator, or an exporter
 * agent) already created: sockwatch never creates one and never starts a connector, so a JVM without JMX stays
 * without it. Checked again after every scan, so JMX started later (an exporter's agent that starts after
 * sockwatch's, {@code jcmd ManagementAgent.start}) gets them too. Once closed it never registers again, whatever
 * thread asks: a detach cannot leave a zombie MXBean behind. A runtime without {@code java.management}, or a
 * registration that fails, turns it off for good with one line.
 */
public final class JmxRegistration {
    /** Registered in every platform MBean server, and only there (custom servers start empty). */
    private static final String PLATFORM_BEAN = "java.lang:type=Runtime";

    private final SockwatchMXBean bean;
    private final SiteBeans sites = new SiteBeans();
    private boolean registered;
    private boolean closed;

    public JmxRegistration(SockwatchMXBean bean) {
        this.bean = bean;
    }

    /**
     * Registers if the platform MBean server exists by now, and shows the top {@code topSites} sites of
     * {@code latest} (the summary the bean reads); returns the reason when JMX is off from now on.
     */
    public synchronized String update(ReportSummary latest, int topSites) {
        if (closed) {
            return null;
        }
        try {
            if (!registered && platformServerExists()) {
                ManagementFactory.getPlatformMBeanServer().registerMBean(bean,
                        new ObjectName(SockwatchMXBean.OBJECT_NAME));
                registered = true;
            }
            if (registered) {
                sites.show(ManagementFactory.getPlatformMBeanServer(), latest, topSites);
            }
            return null;
        } catch (Exception | LinkageError e) {
            close();
            return "the JMX MXBeans are off (" + e + "); reports via the CLI, files and JFR still work";
        }
    }

    public synchronized void close() {
        closed = true;
        if (!registered) {
            return;
        }
        registered = false;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        sites.hideAll(server);
        try {
            server.unregisterMBean(new ObjectName(SockwatchMXBean.OBJECT_NAME));
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
