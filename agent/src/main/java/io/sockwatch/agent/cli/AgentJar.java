package io.sockwatch.agent.cli;

import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The agent jar where the target JVM can open it: the target resolves the path it is given in its own mount
 * namespace, as its own user. The CLI's own jar when the target sees the same files and runs as the same user;
 * otherwise a copy in the target's {@code /tmp}, named by its content so that an identical one is reused, and
 * deleted once loaded (the JVM keeps the jar open as long as sockwatch runs).
 */
final class AgentJar implements AutoCloseable {
    private final Path inTarget;
    private final Path copyHere;

    private AgentJar(Path inTarget, Path copyHere) {
        this.inTarget = inTarget;
        this.copyHere = copyHere;
    }

    /** This CLI's jar. */
    static Path own() {
        try {
            return Paths.get(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AgentJar placeFor(TargetJvm target) throws CliFailure {
        Path jar = own();
        try {
            if (target.sharesFileSystem() && target.uid() == TargetJvm.ownUid()) {
                return new AgentJar(jar, null);
            }
            byte[] content = Files.readAllBytes(jar);
            Path tmp = target.tmp();
            String name = "sockwatch-agent-" + digest(content) + ".jar";
            Path copy = tmp.resolve(name);
            try {
                Files.write(copy, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException present) {
                if (isIntact(copy, content)) {
                    return new AgentJar(Paths.get("/tmp", name), null); // someone else's copy: theirs to delete
                }
                // not ours to trust or replace: a fresh name, created exclusively
                copy = Files.createTempFile(tmp, "sockwatch-agent-", ".jar");
                Files.write(copy, content, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            }
            // readable by the target's user, writable by nobody else; the file is the CLI user's own
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            return new AgentJar(Paths.get("/tmp").resolve(copy.getFileName()), copy);
        } catch (IOException e) {
            throw new CliFailure("cannot put the agent jar where pid " + target.pid() + " can read it (" + e
                    + "); sockwatch needs a writable /tmp in the JVM's file system");
        }
    }

    /** The jar's path as the target sees it. */
    String inTarget() {
        return inTarget.toString();
    }

    /** A plain file of root or of this CLI's user, with exactly this content: safe to have the JVM load. */
    private static boolean isIntact(Path file, byte[] content) throws IOException {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() != content.length || (owner != 0 && owner != TargetJvm.ownUid())
                || a.permissions().contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(content.length + 1), content);
        }
    }

    private static String digest(byte[] content) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", sha[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the copy this CLI made, if any. */
    @Override
    public void close() {
        if (copyHere != null) {
            try {
                Files.deleteIfExists(copyHere);
            } catch (IOException ignored) {
                // left in /tmp; the next attach reuses it
            }
        }
    }
}
