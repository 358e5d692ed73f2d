package io.sockwatch.agent.render;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes report files atomically (readers never see half a file) and readable by the owner only, at every moment.
 * <p>
 * The file is written inside a fresh directory created owner-only by {@code mkdir} itself (mode 0700 at creation,
 * exclusively: a name someone planted, symlink or not, fails the creation), made 0600, and only then renamed into
 * place. No other user can reach the file while the umask still shapes its mode. Not {@code Files.createFile} with
 * a permission attribute: that opens an NIO file channel, and the first one initialises the JDK's networking
 * library, which fixes {@code java.net.preferIPv4Stack} before an application's main may have set it. Not
 * {@code Files.createTempDirectory} either: its names come from a {@code SecureRandom}, whose first use in the
 * host JVM initialises the security providers and keeps /dev/random and /dev/urandom open for the JVM's life, a
 * detach included. The exclusive creation is what keeps the file safe; the name only has to be new.
 */
public final class ReportFiles {
    /** A name taken by another directory is drawn again; this many times, then the write fails. */
    private static final int ATTEMPTS = 100;

    private ReportFiles() {
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path staging = createStagingDirectory(dir, "." + target.getFileName() + ".");
        Path file = staging.resolve(target.getFileName());
        try {
            try (OutputStream out = new FileOutputStream(file.toFile())) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(staging); // a CLI that took its answer may have deleted the directory holding it
        }
    }

    private static Path createStagingDirectory(Path dir, String prefix) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        for (int attempt = 1; ; attempt++) {
            // the clock, scrambled: not ThreadLocalRandom either, whose per-thread state would be the host thread's
            long name = (System.nanoTime() + attempt) * 0x9E3779B97F4A7C15L;
            Path candidate = dir.resolve(prefix + Long.toUnsignedString(name, 36));
            try {
                return Files.createDirectory(candidate, ownerOnly);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }
}
