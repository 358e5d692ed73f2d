package io.sockwatch.agent.cli;

import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code /proc} tells about a process without touching it: whether it exists, whether it is a HotSpot JVM,
 * whether sockwatch runs in it. Reading these files sends the process nothing; an attach to a process that is
 * no JVM would send it SIGQUIT and wait seconds for an answer that never comes.
 */
final class TargetJvm {
    /** Every thread sockwatch starts is named so; Linux shows the first 15 characters in {@code comm}. */
    private static final String THREAD_PREFIX = "sockwatch-";

    private final long pid;
    private final Path proc;

    private TargetJvm(long pid) {
        this.pid = pid;
        this.proc = Paths.get("/proc", Long.toString(pid));
    }

    /** The JVM with this pid; fails with one line when there is no such process or it is not a JVM. */
    static TargetJvm of(long pid) throws CliFailure {
        TargetJvm target = new TargetJvm(pid);
        if (!Files.isDirectory(target.proc)) {
            throw new CliFailure("no process with pid " + pid + "; list the JVMs with: java -jar sockwatch-agent.jar list");
        }
        // root may attach to any JVM; another user is stopped with the explanation, not a permission error.
        String me = System.getProperty("user.name");
        Optional<String> owner = ProcessHandle.of(pid).flatMap(p -> p.info().user());
        if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
            throw new CliFailure("pid " + pid + " runs as user '" + owner.get() + "', not '" + me + "'; attach only "
                    + "works as the JVM's own user: run this as '" + owner.get() + "'");
        }
        boolean jvm;
        try (Stream<String> maps = Files.lines(target.proc.resolve("maps"), StandardCharsets.ISO_8859_1)) {
            jvm = maps.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | RuntimeException unreadable) {
            throw new CliFailure("cannot inspect pid " + pid + " (" + unreadable.getMessage() + "); sockwatch works "
                    + "as the JVM's own user: run it as the user that started pid " + pid);
        }
        if (!jvm) {
            throw new CliFailure("pid " + pid + " (" + target.command() + ") is not a Java VM; list the JVMs with: "
                    + "java -jar sockwatch-agent.jar list");
        }
        return target;
    }

    static TargetJvm unchecked(long pid) {
        return new TargetJvm(pid);
    }

    long pid() {
        return pid;
    }

    /** Whether a sockwatch thread runs in the process (never false while sockwatch is started: its clock ticks). */
    boolean runsSockwatch() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                if (read(task.resolve("comm")).startsWith(THREAD_PREFIX)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // ended, or not ours to read
        }
        return false;
    }

    /** The uid that owns the process. */
    int uid() throws IOException {
        return (Integer) Files.getAttribute(proc, "unix:uid");
    }

    int gid() throws IOException {
        return (Integer) Files.getAttribute(proc, "unix:gid");
    }

    /** {@code /proc/<pid>}. */
    Path proc() {
        return proc;
    }

    /** The process's view of the file system as seen from here: differs from ours inside another mount namespace. */
    Path root() {
        return proc.resolve("root");
    }

    private String command() {
        return read(proc.resolve("comm")).trim();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
