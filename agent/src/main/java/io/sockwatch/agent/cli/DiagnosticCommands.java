package io.sockwatch.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * HotSpot diagnostic commands (what {@code jcmd} sends) over the attach mechanism, the only channel sockwatch uses.
 * The attach API has no public method for them; {@code HotSpotVirtualMachine.executeJCmd} is public in a package the
 * agent jar's manifest exports to it ({@code Add-Exports}), which takes effect when the CLI runs with {@code -jar}.
 */
final class DiagnosticCommands implements AutoCloseable {
    private final VirtualMachine vm;
    private final Method executeJCmd;

    private DiagnosticCommands(VirtualMachine vm, Method executeJCmd) {
        this.vm = vm;
        this.executeJCmd = executeJCmd;
    }

    static DiagnosticCommands attach(long pid) throws CliFailure {
        Method executeJCmd;
        try {
            executeJCmd = Class.forName("sun.tools.attach.HotSpotVirtualMachine").getMethod("executeJCmd", String.class);
        } catch (ReflectiveOperationException e) {
            throw new CliFailure("this Java runtime cannot send diagnostic commands (" + e.getMessage() + "); run the "
                    + "CLI with the java of a HotSpot JDK 11 or later");
        }
        VirtualMachine vm = AttachClient.connect(pid);
        if (!executeJCmd.getDeclaringClass().isInstance(vm)) {
            AttachClient.detachQuietly(vm);
            throw new CliFailure("pid " + pid + " is not a HotSpot JVM; explain reads HotSpot heap dumps only");
        }
        return new DiagnosticCommands(vm, executeJCmd);
    }

    /** The command's output; a CliFailure naming the command when it could not run. */
    String execute(String command) throws CliFailure {
        try (InputStream out = (InputStream) executeJCmd.invoke(vm, command)) {
            return new String(out.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IllegalAccessException e) {
            throw new CliFailure("cannot send '" + command + "': run the CLI as java -jar sockwatch-agent.jar, whose "
                    + "manifest grants it the attach API's diagnostic commands");
        } catch (InvocationTargetException e) {
            throw new CliFailure("'" + command + "' failed in the target: " + e.getCause());
        } catch (IOException e) {
            throw new CliFailure("'" + command + "' failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        AttachClient.detachQuietly(vm);
    }
}
