package io.sockwatch.agent.cli;

import io.sockwatch.agent.AgentRequest;
import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fresh directory, readable by the target JVM's user only, where sockwatch in that JVM writes its answer to one
 * request. Created in the target's own {@code /tmp} (through {@code /proc/<pid>/root}, so a JVM in another mount
 * namespace can write it too) and deleted in every outcome, Ctrl-C included.
 */
final class ReplyDirectory implements AutoCloseable {
    private final Path here;
    private final Path inTarget;
    private final Thread deleteOnInterrupt;

    private ReplyDirectory(Path here, Path inTarget) {
        this.here = here;
        this.inTarget = inTarget;
        this.deleteOnInterrupt = new Thread(this::delete, "sockwatch-cli-cleanup");
    }

    static ReplyDirectory create(TargetJvm target) throws IOException {
        Path base = Files.isDirectory(target.tmp()) ? target.tmp() : Paths.get("/tmp");
        Path here = Files.createTempDirectory(base, "sockwatch-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ReplyDirectory dir = new ReplyDirectory(here, Paths.get("/tmp").resolve(here.getFileName()));
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
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook deletes it (again): harmless
        }
    }

    private void delete() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(here)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(here);
        } catch (IOException alreadyGone) {
            // nothing left to delete
        }
    }
}
