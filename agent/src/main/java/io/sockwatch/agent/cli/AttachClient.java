package io.sockwatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.sockwatch.agent.AgentRequest;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import io.sockwatch.agent.report.ReportFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The CLI's use of the attach API (module jdk.attach, checked before this class loads). {@code list} attaches to
 * nothing; every other command is one load of the agent jar with an {@link AgentRequest}.
 */
final class AttachClient {

    int list(PrintStream out) {
        long self = ProcessHandle.current().pid();
        // VirtualMachine.list() reads the JVMs' performance-data files, as jcmd -l does; it attaches to none.
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException notAPid) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            String mark = TargetJvm.unchecked(pid).runsSockwatch() ? "[sockwatch] " : "";
            out.println(pid + "\t" + mark + (d.displayName().isEmpty() ? "(no main class)" : d.displayName()));
        }
        return SockwatchCli.OK;
    }

    /**
     * Starts sockwatch in {@code pid}; with a report {@code form} ({@code text} or {@code json}, else null) prints
     * its first report too. The JSON alone goes to {@code out}, so it can be piped; the line that says sockwatch
     * runs then goes to {@code err}.
     */
    int attach(long pid, String options, String form, PrintStream out, PrintStream err) throws CliFailure {
        String answer = form == null ? send(TargetJvm.of(pid), "attach", options)
                : send(TargetJvm.of(pid), "attach-report", options.isEmpty() ? form : form + "," + options);
        int lineEnd = answer.indexOf('\n');
        String effective = lineEnd < 0 ? answer : answer.substring(0, lineEnd);
        (form != null && form.equals("json") ? err : out).println("sockwatch runs in " + pid + " with " + effective
                + "; see it with: java -jar " + agentJar().getFileName() + " report " + pid);
        if (lineEnd >= 0) {
            out.print(answer.substring(lineEnd + 1));
            out.flush();
        }
        return SockwatchCli.OK;
    }

    int report(long pid, boolean json, PrintStream out) throws CliFailure {
        out.print(send(running(pid), "report", json ? "json" : "text"));
        out.flush();
        return SockwatchCli.OK;
    }

    /** The HTML report, written atomically to {@code file} (a path as the CLI sees it) like {@code html=}. */
    int htmlReport(long pid, Path file, PrintStream out) throws CliFailure {
        String page = send(running(pid), "report", "html");
        try {
            ReportFiles.writeAtomically(file, page);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("cannot write " + file + " (" + e + ")");
        }
        out.println("sockwatch wrote the HTML report of " + pid + " to " + file);
        return SockwatchCli.OK;
    }

    int detach(long pid, PrintStream out) throws CliFailure {
        send(running(pid), "detach", "");
        out.println("sockwatch detached from " + pid);
        return SockwatchCli.OK;
    }

    /** Checked before loading anything: a report or detach must not load the agent jar into a JVM without it. */
    private static TargetJvm running(long pid) throws CliFailure {
        TargetJvm target = TargetJvm.of(pid);
        if (!target.runsSockwatch()) {
            throw new CliFailure("not running in " + pid + "; start it with: java -jar "
                    + agentJar().getFileName() + " attach " + pid);
        }
        return target;
    }

    private static String send(TargetJvm target, String command, String arguments) throws CliFailure {
        try (TargetDirectory dir = TargetDirectory.create(target)) {
            VirtualMachine vm = connect(target.pid());
            try {
                vm.loadAgent(agentJar().toString(), new AgentRequest(command, arguments, dir.inTarget()).encode());
            } catch (AgentLoadException | AgentInitializationException e) {
                throw new CliFailure("could not load sockwatch into " + target.pid() + ": " + e.getMessage());
            } finally {
                detachQuietly(vm);
            }
            return dir.answer();
        } catch (IOException e) {
            throw new CliFailure("could not exchange a request with " + target.pid() + " (" + e + "); sockwatch needs "
                    + "a writable /tmp shared with the JVM (see docs/troubleshooting.md)");
        }
    }

    static VirtualMachine connect(long pid) throws CliFailure {
        try {
            return VirtualMachine.attach(String.valueOf(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliFailure("cannot attach to " + pid + " (" + e.getMessage() + "); attach is off in JVMs started "
                    + "with -XX:+DisableAttachMechanism, and across containers needs the same pid namespace and /tmp "
                    + "(see docs/troubleshooting.md)");
        }
    }

    private static Path agentJar() {
        try {
            return Paths.get(AttachClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target went away; nothing to release
        }
    }
}
