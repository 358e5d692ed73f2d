package io.sockwatch.agent.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes report files atomically (readers never see half a file) and readable by the owner only, at every moment.
 * <p>
 * The file is written inside a fresh directory created owner-only by {@code mkdir} itself (mode 0700 at creation,
 * exclusively: a name someone planted, symlink or not, fails the creation), made 0600, and only then renamed into
 * place. No other user can reach the file while the umask still shapes its mode. Not {@code Files.createFile} with
 * a permission attribute: that opens an NIO file channel, and the first one initialises the JDK's networking
 * library, which fixes {@code java.net.preferIPv4Stack} before an application's main may have set it.
 */
public final class ReportFiles {

    private ReportFiles() {
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path staging = Files.createTempDirectory(dir, "." + target.getFileName() + ".",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = staging.resolve(target.getFileName());
        try {
            try (OutputStream out = new FileOutputStream(file.toFile())) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(staging);
        }
    }
}
