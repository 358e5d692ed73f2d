package io.sockwatch.agent.cli;

import io.sockwatch.agent.AgentRequest;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code /proc} tells about a process without touching it: whether it exists, whether it is a HotSpot JVM,
 * whether sockwatch runs in it, and where its own view of the file system ({@code /proc/<pid>/root}) and its pid
 * namespace ({@code NSpid}) put the files the CLI exchanges with it. Reading these files sends the process nothing;
 * an attach to a process that is no JVM would send it SIGQUIT, whose default action ends it.
 */
final class TargetJvm {
    /** Every thread sockwatch starts is named so; Linux shows the first 15 characters in {@code comm}. */
    private static final String THREAD_PREFIX = "sockwatch-";
    private static final long SIGQUIT_BIT = 1L << 2;

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
        int me = ownUid();
        int owner;
        try {
            owner = target.uid();
        } catch (IOException gone) {
            throw new CliFailure("no process with pid " + pid + "; list the JVMs with: java -jar sockwatch-agent.jar list");
        }
        // root may attach to any JVM; another user is stopped with the explanation, not a permission error
        if (me != 0 && me != owner) {
            throw new CliFailure("pid " + pid + " runs as uid " + owner + ", not as this CLI's uid " + me + "; attach "
                    + "only works as the JVM's own user or as root: run this as uid " + owner);
        }
        if (!target.isJvm()) {
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

    /** Waits until no sockwatch thread is left (a detach answers just before its last thread ends). */
    boolean awaitNoSockwatchThread(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (runsSockwatch()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    boolean isAlive() {
        return Files.isDirectory(proc);
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

    /** Its pid in its own namespace (the last of {@code NSpid}): what names its attach files. */
    long nsPid() {
        String ids = statusField("NSpid");
        if (ids.isEmpty()) {
            return pid; // kernels before 4.1 have no NSpid, and no container shows another pid there
        }
        String[] parts = ids.split("\\s+");
        return Long.parseLong(parts[parts.length - 1]);
    }

    /**
     * The JVM's {@code /tmp}, as seen from here, checked not to be a link: in another mount namespace a link would
     * be followed in ours, to wherever its user pointed it.
     */
    Path tmp() throws CliFailure {
        Path tmp = root().resolve("tmp");
        try {
            PosixFileAttributes a = Files.readAttributes(tmp, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                throw new CliFailure("/tmp of pid " + pid + " is not a directory (" + tmp + "); sockwatch exchanges its "
                        + "files with the JVM there");
            }
        } catch (IOException e) {
            throw new CliFailure("cannot reach /tmp of pid " + pid + " through " + tmp + " (" + e.getMessage() + "); "
                    + "run the CLI as root or as the JVM's user");
        }
        return tmp;
    }

    /**
     * An absolute path of the target's file system view, from here; refused when a part of it is a link, which would
     * be followed in this process's view, not the target's.
     */
    Path here(Path inTarget) throws CliFailure {
        Path here = root();
        for (Path part : Paths.get("/").relativize(inTarget.normalize())) {
            here = here.resolve(part);
            if (Files.isSymbolicLink(here)) {
                throw new CliFailure(inTarget + " of pid " + pid + " goes through a symbolic link (" + part + "); give "
                        + "the directory's real path");
            }
        }
        return here;
    }

    /** Whether the target sees the same files as this process (same mount namespace). */
    boolean sharesFileSystem() {
        try {
            return Files.readSymbolicLink(proc.resolve("ns/mnt"))
                    .equals(Files.readSymbolicLink(Paths.get("/proc/self/ns/mnt")));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** Start time in clock ticks since boot (field 22 of {@code stat}): with the pid, names one process for good. */
    long startTime() throws CliFailure {
        String stat = read(proc.resolve("stat"));
        int commEnd = stat.lastIndexOf(')'); // comm may hold spaces and parentheses
        String[] fields = commEnd < 0 ? new String[0] : stat.substring(commEnd + 2).split(" ");
        if (fields.length < 20) {
            throw new CliFailure("pid " + pid + " ended");
        }
        return Long.parseLong(fields[19]);
    }

    /** Whether the JVM handles SIGQUIT: otherwise the signal that starts its attach listener would end it. */
    boolean catchesSigquit() {
        try {
            return (Long.parseUnsignedLong(statusField("SigCgt"), 16) & SIGQUIT_BIT) != 0
                    && (Long.parseUnsignedLong(statusField("SigIgn"), 16) & SIGQUIT_BIT) == 0;
        } catch (NumberFormatException unreadable) {
            return false;
        }
    }

    /** {@code kill -QUIT}: Java has no call that signals another process. */
    void sendSigquit() throws CliFailure {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getOutputStream().close();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new CliFailure("cannot signal pid " + pid + " (kill: " + out.replace('\n', ' ') + ")");
            }
        } catch (IOException e) {
            throw new CliFailure("cannot run kill to signal pid " + pid + " (" + e.getMessage() + "); the CLI needs "
                    + "kill on its PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /** The main class or jar, from the command line (what {@code jcmd -l} shows). */
    String displayName() {
        String[] args = read(proc.resolve("cmdline")).split("\0");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
                return i + 1 < args.length ? args[i + 1] : "";
            }
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-p")
                    || a.equals("--module-path") || a.equals("--add-opens") || a.equals("--add-exports")
                    || a.equals("--add-modules")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return "";
    }

    /** Whether the process is a HotSpot JVM, read from its mappings (no signal, no attach). */
    boolean isJvm() {
        try (Stream<String> maps = Files.lines(proc.resolve("maps"), StandardCharsets.ISO_8859_1)) {
            return maps.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** The directory a running sockwatch takes requests in (see {@link AgentRequest#channelName}), from here. */
    Path channel() throws CliFailure {
        return tmp().resolve(AgentRequest.channelName(nsPid(), startTime()));
    }

    private String command() {
        return read(proc.resolve("comm")).trim();
    }

    private String statusField(String name) {
        for (String line : read(proc.resolve("status")).split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }

    static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
