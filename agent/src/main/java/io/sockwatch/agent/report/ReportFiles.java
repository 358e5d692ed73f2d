package io.sockwatch.agent.report;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes report files atomically (readers never see half a file) and readable by the owner only. Through
 * java.io streams, not NIO channels: the first NIO file channel initialises the JDK's networking library, which
 * fixes {@code java.net.preferIPv4Stack} before an application's main may have set it.
 */
public final class ReportFiles {

    private ReportFiles() {
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // A fresh, unpredictable name, created exclusively: never reuses a file someone placed in a shared directory.
        Path tmp = File.createTempFile("." + target.getFileName(), ".tmp", dir.toFile()).toPath();
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort elsewhere
            }
            try (OutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
