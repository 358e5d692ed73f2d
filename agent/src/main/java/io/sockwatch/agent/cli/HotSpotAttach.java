package io.sockwatch.agent.cli;

import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The HotSpot attach protocol, spoken by sockwatch itself (as jattach does) so that the CLI needs no jdk.attach and
 * reaches a JVM in another mount and PID namespace: the socket is {@code .java_pid<nspid>} in the target's own
 * {@code /tmp}, reached through {@code /proc/<pid>/root}; when it is missing, {@code .attach_pid<nspid>} there and
 * a SIGQUIT start the JVM's attach listener. One connection per command; protocol version 1, which JDK 8 to 25
 * understand: {@code "1\0<command>\0<arg0>\0<arg1>\0<arg2>\0"}, answered by a status line and the output.
 */
final class HotSpotAttach {
    private static final long START_TIMEOUT_MILLIS = 10_000;
    /** An answer bigger than this is not a JVM's: a diagnostic command's output is kilobytes. */
    private static final int MAX_ANSWER_BYTES = 16 << 20;
    /** HotSpot's limit for one argument of protocol version 1. */
    private static final int MAX_ARGUMENT_BYTES = 1024;

    private final TargetJvm target;
    private final Path socket;

    private HotSpotAttach(TargetJvm target, Path socket) {
        this.target = target;
        this.socket = socket;
    }

    /** The target's attach listener, started when it is not running yet. */
    static HotSpotAttach connect(TargetJvm target) throws CliFailure {
        Path tmp = target.tmp();
        Path socket = tmp.resolve(".java_pid" + target.nsPid());
        if (!isSocket(socket)) {
            startListener(target, tmp, socket);
        }
        if (!ownedBy(socket, target)) {
            throw new CliFailure(socket + " is not the attach socket of pid " + target.pid() + " (not a socket of its "
                    + "user); remove it and try again");
        }
        return new HotSpotAttach(target, socket);
    }

    private static void startListener(TargetJvm target, Path tmp, Path socket) throws CliFailure {
        if (!target.catchesSigquit()) {
            // SIGQUIT's default action ends the process: a JVM started with -Xrs, or one still starting
            throw new CliFailure("pid " + target.pid() + " does not handle SIGQUIT (started with -Xrs or "
                    + "-XX:+DisableAttachMechanism, or still starting), so it cannot be attached to");
        }
        Path trigger = tmp.resolve(".attach_pid" + target.nsPid());
        boolean created = false;
        try {
            try {
                // HotSpot starts its listener only for a trigger file of its own user (or root's); never follow a
                // link someone put at this name
                Files.newByteChannel(trigger, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS).close();
                created = true;
            } catch (java.nio.file.FileAlreadyExistsException someoneElsesAttach) {
                // another attach is starting the listener; wait for it too
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            long pause = 20;
            target.sendSigquit();
            boolean resent = false;
            while (!isSocket(socket)) {
                if (!target.isAlive()) {
                    throw new CliFailure("pid " + target.pid() + " ended while being attached to");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CliFailure("pid " + target.pid() + " did not start its attach listener within "
                            + START_TIMEOUT_MILLIS / 1000 + " s (" + socket + " missing); a JVM started with "
                            + "-XX:+DisableAttachMechanism cannot be attached to");
                }
                if (!resent && left < TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS / 2)) {
                    target.sendSigquit(); // the first one may have come before the JVM's handler was ready
                    resent = true;
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot start the attach listener of pid " + target.pid() + " (" + e + ")");
        } finally {
            if (created) {
                try {
                    Files.deleteIfExists(trigger);
                } catch (IOException ignored) {
                    // the JVM deletes it too
                }
            }
        }
    }

    /** Loads the Java agent at {@code jar} (a path as the target sees it) with {@code options}; null when loaded. */
    String loadAgent(String jar, String options) throws CliFailure {
        String answer = execute("load", "instrument", "false", jar + "=" + options).trim();
        // JDK 9+: "return code: N"; older ones print the number alone
        String code = answer.startsWith("return code: ") ? answer.substring("return code: ".length()) : answer;
        return code.equals("0") ? null : answer.isEmpty() ? "the JVM did not answer" : "the JVM answered: " + answer;
    }

    /** A diagnostic command (what {@code jcmd} sends), e.g. {@code GC.heap_dump /tmp/x.hprof}; its output. */
    String jcmd(String command) throws CliFailure {
        return execute("jcmd", command, "", "");
    }

    private String execute(String command, String... arguments) throws CliFailure {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {'1', 0});
        request.writeBytes(command.getBytes(StandardCharsets.UTF_8));
        request.write(0);
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= MAX_ARGUMENT_BYTES) {
                throw new CliFailure("'" + command + "' argument too long for the attach protocol (" + bytes.length
                        + " bytes, at most " + (MAX_ARGUMENT_BYTES - 1) + "); use shorter paths");
            }
            request.writeBytes(bytes);
            request.write(0);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.toByteArray()));
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
                if (answer.size() > MAX_ANSWER_BYTES) {
                    throw new CliFailure("pid " + target.pid() + " answered '" + command + "' with more than "
                            + (MAX_ANSWER_BYTES >> 20) + " MB; that is no JVM's answer");
                }
            }
        } catch (IOException e) {
            throw new CliFailure("cannot send '" + command + "' to pid " + target.pid() + " through " + socket + " ("
                    + e.getMessage() + ")");
        }
        String text = new String(answer.toByteArray(), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String status = (newline < 0 ? text : text.substring(0, newline)).trim();
        String output = newline < 0 ? "" : text.substring(newline + 1);
        if (!status.equals("0")) {
            throw new CliFailure("pid " + target.pid() + " refused '" + command + "': "
                    + (output.isBlank() ? "status " + status : output.trim()));
        }
        return output;
    }

    private static boolean isSocket(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException | UnsupportedOperationException absent) {
            return false;
        }
    }

    /** A socket (not a link to one elsewhere) of the target's user, or root's: what the JVM itself checks. */
    private static boolean ownedBy(Path socket, TargetJvm target) {
        try {
            int owner = (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return isSocket(socket) && (owner == target.uid() || owner == 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void sleep(long millis) throws CliFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
