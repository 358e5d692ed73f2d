package io.sockwatch.junit;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The extension's way to the sockwatch agent running in the same JVM: the agent's MXBean in the platform MBean
 * server. The agent never creates that server and registers its MXBean at its first scan after one exists, so the
 * extension creates it (a JDK object: no thread, no port) and waits for the MXBean once per JVM. Each
 * {@link #scan()} asks the agent for a fresh report (docs/design.md, "The JUnit extension: its channel to the
 * agent").
 */
final class AgentChannel {
    private static final String OBJECT_NAME = "io.sockwatch:type=Sockwatch";
    /** The agent's threads; one of them runs exactly as long as sockwatch does. */
    private static final String AGENT_THREAD_PREFIX = "sockwatch-";
    private static final long MXBEAN_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final String AGENT_CLASS = "io/sockwatch/agent/SockwatchAgent.class";

    private final MBeanServer server;
    private final ObjectName name;

    private AgentChannel(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** Connects to the agent, or throws the one line that says how to start it. */
    static AgentChannel connect() {
        if (!agentRuns()) {
            throw new IllegalStateException("sockwatch is not running in this test JVM, so SocketLeakExtension "
                    + "cannot see its sockets: start the JVM with " + javaagentFlag() + " (Maven: surefire's "
                    + "<argLine>; Gradle: test { jvmArgs }); see \"Leak hunting in tests\" in sockwatch's docs/usage.md");
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            long deadline = System.currentTimeMillis() + MXBEAN_WAIT_MILLIS;
            while (!server.isRegistered(name)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("sockwatch runs in this JVM but its MXBean " + OBJECT_NAME
                            + " did not appear within " + MXBEAN_WAIT_MILLIS / 1000 + "s: the agent registers it at"
                            + " its next scan; start it with interval=1s");
                }
                Thread.sleep(20);
            }
            return new AgentChannel(server, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot reach sockwatch's MXBean " + OBJECT_NAME + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sockwatch's MXBean", e);
        }
    }

    /** A report of this instant: the agent scans when asked. */
    Scan scan() {
        try {
            return Scan.of((String) server.invoke(name, "jsonReport", null, null));
        } catch (JMException e) {
            throw new IllegalStateException("sockwatch's MXBean did not answer: " + e, e);
        }
    }

    private static boolean agentRuns() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().startsWith(AGENT_THREAD_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** The flag to add, with the agent jar's path when the jar is on the test class path. */
    private static String javaagentFlag() {
        URL agent = ClassLoader.getSystemResource(AGENT_CLASS);
        String jar = "/path/to/sockwatch-agent.jar";
        if (agent != null && "jar".equals(agent.getProtocol())) {
            String path = agent.getPath(); // file:/...jar!/io/sockwatch/...
            jar = Paths.get(URI.create(path.substring(0, path.indexOf("!/")))).toString();
        }
        return "-javaagent:" + jar + "=interval=1s";
    }
}
