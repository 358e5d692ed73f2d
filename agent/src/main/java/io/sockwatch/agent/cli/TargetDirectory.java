package io.sockwatch.agent.cli;

import io.sockwatch.agent.AgentRequest;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fresh directory, readable by the target JVM's user only, where that JVM writes for the CLI: sockwatch's answer
 * to one request, or a heap dump. Created in the target's own file system view (through {@code /proc/<pid>/root},
 * so a JVM in another mount namespace can write it too) and deleted with its files in every outcome, Ctrl-C
 * included.
 */
final class TargetDirectory implements AutoCloseable {
    private static final int DELETE_ATTEMPTS = 40;
    private static final long DELETE_RETRY_MILLIS = 50;

    private final Path here;
    private final Path inTarget;
    private final Thread deleteOnInterrupt;

    private TargetDirectory(Path here, Path inTarget) {
        this.here = here;
        this.inTarget = inTarget;
        this.deleteOnInterrupt = new Thread(this::delete, "sockwatch-cli-cleanup");
    }

    /** In the target's {@code /tmp}. */
    static TargetDirectory create(TargetJvm target) throws IOException {
        return create(target, Paths.get("/tmp"));
    }

    /** In {@code parent}, a directory as the target sees it. */
    static TargetDirectory create(TargetJvm target, Path parent) throws IOException {
        Path inTargetView = target.root().resolve(Paths.get("/").relativize(parent));
        Path base = Files.isDirectory(inTargetView) ? inTargetView : parent;
        Path here = Files.createTempDirectory(base, "sockwatch-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        TargetDirectory dir = new TargetDirectory(here, parent.resolve(here.getFileName()));
        Runtime.getRuntime().addShutdownHook(dir.deleteOnInterrupt);
        try {
            // As root, for a JVM of another user: that user must be able to write the answer.
            if (target.uid() != (Integer) Files.getAttribute(here, "unix:uid")) {
                Files.setAttribute(here, "unix:uid", target.uid());
                Files.setAttribute(here, "unix:gid", target.gid());
            }
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
        return dir;
    }

    /** The directory as the target JVM sees it. */
    Path inTarget() {
        return inTarget;
    }

    /** The directory as this process sees it. */
    Path here() {
        return here;
    }

    /** The body of the agent's answer; a failure it reported, or its silence, as a {@link CliFailure}. */
    String answer() throws IOException, CliFailure {
        String reply;
        try {
            reply = new String(Files.readAllBytes(here.resolve(AgentRequest.REPLY_FILE)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliFailure("sockwatch did not answer; its reason is on the target's stderr");
        }
        int newline = reply.indexOf('\n');
        String status = newline < 0 ? reply : reply.substring(0, newline);
        String body = newline < 0 ? "" : reply.substring(newline + 1);
        if (!AgentRequest.OK.equals(status)) {
            throw new CliFailure(body.trim());
        }
        return body;
    }

    @Override
    public void close() {
        delete();
        keep();
    }

    /** Leaves the directory and its files in place: no longer deleted, not even on Ctrl-C. */
    void keep() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook deletes it (again): harmless
        }
    }

    /**
     * Deletes the files, then the directory. The JVM may create a file between the two (a heap dump it was still
     * starting when Ctrl-C came): then again, for a while; once the directory is gone it can create nothing more.
     */
    private void delete() {
        for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(here)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(here);
                return;
            } catch (DirectoryNotEmptyException raced) {
                pause();
            } catch (IOException alreadyGone) {
                return;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(DELETE_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
