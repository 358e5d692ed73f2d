package io.sockwatch.agent.cli;

import io.sockwatch.agent.AgentRequest;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.render.ReportFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's requests to sockwatch in a JVM. {@code list} reads {@code /proc} and touches no process. The first
 * request loads the agent jar through the attach mechanism ({@link HotSpotAttach}); sockwatch then opens its request
 * channel and every later request goes through it, loading nothing.
 */
final class AttachClient {
    /** A report of 100k sockets takes seconds on a loaded machine; an HTML report with its history more. */
    private static final long ANSWER_TIMEOUT_MILLIS = 60_000;
    private static final long MAX_ANSWER_BYTES = 256L << 20;
    private static final long DETACH_WAIT_MILLIS = 10_000;

    int list(PrintStream out) {
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                TargetJvm jvm = TargetJvm.unchecked(pid);
                if (pid == self || !jvm.isJvm()) {
                    continue;
                }
                String name = jvm.displayName();
                out.println(pid + "\t" + (jvm.runsSockwatch() ? "[sockwatch] " : "")
                        + (name.isEmpty() ? "(no main class)" : name));
            }
        } catch (IOException e) {
            out.flush();
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
        (form != null && form.equals("json") ? err : out).println("sockwatch runs in " + pid + " with "
                + Printable.text(effective)
                + "; see it with: java -jar " + AgentJar.own().getFileName() + " report " + pid);
        if (lineEnd >= 0) {
            out.print(Printable.lines(answer.substring(lineEnd + 1)));
            out.flush();
        }
        return SockwatchCli.OK;
    }

    int report(long pid, boolean json, PrintStream out) throws CliFailure {
        out.print(Printable.lines(send(running(pid), "report", json ? "json" : "text")));
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
        TargetJvm target = running(pid);
        send(target, "detach", "");
        // the answer is written just before sockwatch's last thread ends; when detach returns, none is left
        if (!target.awaitNoSockwatchThread(DETACH_WAIT_MILLIS)) {
            throw new CliFailure("sockwatch answered the detach of " + pid + " but a thread of it still runs after "
                    + DETACH_WAIT_MILLIS / 1000 + " s; see the JVM's stderr");
        }
        out.println("sockwatch detached from " + pid);
        return SockwatchCli.OK;
    }

    /** Checked before loading anything: a report or detach must not load the agent jar into a JVM without it. */
    private static TargetJvm running(long pid) throws CliFailure {
        TargetJvm target = TargetJvm.of(pid);
        if (!target.runsSockwatch()) {
            throw new CliFailure("not running in " + pid + "; start it with: java -jar "
                    + AgentJar.own().getFileName() + " attach " + pid);
        }
        return target;
    }

    private static String send(TargetJvm target, String command, String arguments) throws CliFailure {
        try (TargetDirectory dir = TargetDirectory.create(target)) {
            String request = new AgentRequest(command, arguments, dir.inTarget()).encode();
            Path channel = target.channel();
            if (isChannelOf(channel, target)) {
                post(channel, request);
                awaitAnswer(dir, target);
            } else {
                load(target, request);
            }
            return answer(dir);
        } catch (IOException e) {
            throw new CliFailure("could not exchange a request with " + target.pid() + " (" + e + "); sockwatch needs "
                    + "a writable /tmp in the JVM's file system (see docs/troubleshooting.md)");
        }
    }

    private static void load(TargetJvm target, String request) throws CliFailure {
        try (AgentJar jar = AgentJar.placeFor(target)) {
            String problem = HotSpotAttach.connect(target).loadAgent(jar.inTarget(), request);
            if (problem != null) {
                throw new CliFailure("could not load sockwatch into " + target.pid() + ": " + problem
                        + "; the reason is on the JVM's stderr");
            }
        }
    }

    /** A directory of the target's user, {@code rwx------}, not a link: what the agent itself creates. */
    private static boolean isChannelOf(Path channel, TargetJvm target) {
        try {
            PosixFileAttributes a = Files.readAttributes(channel, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() && (Integer) Files.getAttribute(channel, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                    == target.uid() && PosixFilePermissions.toString(a.permissions()).equals("rwx------");
        } catch (IOException | RuntimeException absent) {
            return false;
        }
    }

    /**
     * Puts the request into the channel: written under a temporary name and renamed, so sockwatch never reads half
     * of it; both relative to the directory opened once, so a link its user puts in its place afterwards changes
     * nothing, and created exclusively, so no file or link already there is written through.
     */
    private static void post(Path channel, String request) throws IOException, CliFailure {
        Object key = Files.readAttributes(channel, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(channel)) {
            if (!(stream instanceof SecureDirectoryStream)) {
                throw new CliFailure("this platform has no fd-relative file operations; sockwatch's CLI needs Linux");
            }
            SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) stream;
            if (!key.equals(dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey())) {
                throw new CliFailure(channel + " was replaced while being opened; nothing was sent");
            }
            String id = UUID.randomUUID().toString();
            Path partial = Paths.get("." + id);
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(dir.newByteChannel(partial,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS)))) {
                out.write(request.getBytes(StandardCharsets.UTF_8));
            }
            // the JVM's user must read it: root's umask may have made it owner-only
            dir.getFileAttributeView(partial, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            dir.move(partial, dir, Paths.get(id + AgentRequest.CHANNEL_REQUEST));
        }
    }

    private static void awaitAnswer(TargetDirectory dir, TargetJvm target) throws CliFailure {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_TIMEOUT_MILLIS);
        while (!dir.has(AgentRequest.REPLY_FILE)) {
            if (!target.isAlive()) {
                throw new CliFailure("pid " + target.pid() + " ended before sockwatch answered");
            }
            if (System.nanoTime() > deadline) {
                throw new CliFailure("sockwatch in " + target.pid() + " did not answer within "
                        + ANSWER_TIMEOUT_MILLIS / 1000 + " s; its reason, if any, is on the JVM's stderr");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted");
            }
        }
    }

    /** The body of the agent's answer; a failure it reported, or its silence, as a {@link CliFailure}. */
    private static String answer(TargetDirectory dir) throws IOException, CliFailure {
        if (!dir.has(AgentRequest.REPLY_FILE)) {
            throw new CliFailure("sockwatch did not answer; its reason is on the target's stderr");
        }
        String reply = new String(dir.read(AgentRequest.REPLY_FILE, MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
        int newline = reply.indexOf('\n');
        String status = newline < 0 ? reply : reply.substring(0, newline);
        String body = newline < 0 ? "" : reply.substring(newline + 1);
        if (!AgentRequest.OK.equals(status)) {
            throw new CliFailure(body.trim()); // escaped where CLI failures are printed
        }
        return body;
    }
}
