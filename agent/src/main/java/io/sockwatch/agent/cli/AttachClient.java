package io.sockwatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.sockwatch.agent.Sockwatch;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import io.sockwatch.agent.export.SockwatchMXBean;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** The CLI's use of the attach API (module jdk.attach, checked before this class loads). */
final class AttachClient {

    int list(PrintStream out) {
        long self = ProcessHandle.current().pid();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(String.valueOf(self))) {
                continue;
            }
            String mark;
            try {
                VirtualMachine vm = VirtualMachine.attach(d);
                try {
                    mark = vm.getSystemProperties().getProperty(Sockwatch.RUNNING_PROPERTY) != null ? "[sockwatch] " : "";
                } finally {
                    vm.detach();
                }
            } catch (AttachNotSupportedException | IOException e) {
                mark = "[cannot attach] ";
            }
            out.println(d.id() + "\t" + mark + (d.displayName().isEmpty() ? "(no main class)" : d.displayName()));
        }
        return SockwatchCli.OK;
    }

    int attach(long pid, String options, PrintStream out) throws CliFailure {
        VirtualMachine vm = connect(pid);
        try {
            vm.loadAgent(agentJar().toString(), options);
            if (vm.getSystemProperties().getProperty(Sockwatch.RUNNING_PROPERTY) == null) {
                throw new CliFailure("sockwatch did not start in " + pid + "; its reason is on the target's stderr");
            }
            out.println("sockwatch is running in " + pid + (options.isEmpty() ? "" : " with " + options)
                    + "; see it with: java -jar " + agentJar().getFileName() + " report " + pid);
            return SockwatchCli.OK;
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new CliFailure("could not load sockwatch into " + pid + ": " + e.getMessage());
        } finally {
            detachQuietly(vm);
        }
    }

    int report(long pid, boolean json, PrintStream out) throws CliFailure {
        out.print(invoke(pid, json ? "jsonReport" : "textReport"));
        out.flush();
        return SockwatchCli.OK;
    }

    int detach(long pid, PrintStream out) throws CliFailure {
        invoke(pid, "detach");
        out.println("sockwatch detached from " + pid);
        return SockwatchCli.OK;
    }

    /** Calls an MBean operation through the target's local management agent (same-host connections only). */
    private static String invoke(long pid, String operation) throws CliFailure {
        VirtualMachine vm = connect(pid);
        try {
            if (vm.getSystemProperties().getProperty(Sockwatch.RUNNING_PROPERTY) == null) {
                throw new CliFailure("not running in " + pid + "; start it with: java -jar "
                        + agentJar().getFileName() + " attach " + pid);
            }
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection mbeans = connector.getMBeanServerConnection();
                Object result = mbeans.invoke(new ObjectName(SockwatchMXBean.OBJECT_NAME), operation, null, null);
                return result == null ? "" : result.toString();
            }
        } catch (CliFailure e) {
            throw e;
        } catch (javax.management.InstanceNotFoundException e) {
            // Under -javaagent the MBean is registered after the first scan (see docs/design.md).
            throw new CliFailure("sockwatch in " + pid + " has not finished its first scan yet; try again after "
                    + "its interval (5s by default)");
        } catch (Exception e) {
            throw new CliFailure("could not reach sockwatch in " + pid + " over JMX: " + e);
        } finally {
            detachQuietly(vm);
        }
    }

    private static VirtualMachine connect(long pid) throws CliFailure {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (!process.isPresent()) {
            throw new CliFailure("no process with pid " + pid + "; list the JVMs with: java -jar sockwatch-agent.jar list");
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.get().info().user();
        // root may attach to any JVM; user names can also differ across container boundaries for the same uid,
        // so only a non-root user is stopped early with the explanation.
        if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
            throw new CliFailure("pid " + pid + " runs as user '" + owner.get() + "', not '" + me + "'; attach only "
                    + "works as the JVM's own user: run this as '" + owner.get() + "'");
        }
        try {
            return VirtualMachine.attach(String.valueOf(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliFailure("cannot attach to " + pid + " (" + e.getMessage() + "); is it a Java VM? Attach is "
                    + "off in JVMs started with -XX:+DisableAttachMechanism, and across containers needs the same "
                    + "/tmp and pid namespace (see docs/troubleshooting.md)");
        }
    }

    private static Path agentJar() {
        try {
            return Paths.get(AttachClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target went away; nothing to release
        }
    }
}
