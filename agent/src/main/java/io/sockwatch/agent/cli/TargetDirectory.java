package io.sockwatch.agent.cli;

import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the target JVM writes for the CLI: sockwatch's answer to one request, or a heap dump. Two levels, because
 * when root runs the CLI the target's user controls the target's {@code /tmp} and anything it owns: an outer
 * directory {@code sockwatch-cli-*} of the CLI's own user ({@code rwx--x--x}), which that user cannot rename or
 * replace, holding the one directory the target's user may write ({@code to-cli}, {@code rwx------}). Files in it
 * are read without following links and only when they are plain files of that user with one name; everything is
 * deleted relative to open directories ({@link SecureDirectoryStream}), so a link put in place of a directory
 * makes nothing outside it go away. Created in the target's own file system view (through
 * {@code /proc/<pid>/root}) and deleted in every outcome, Ctrl-C included.
 */
final class TargetDirectory implements AutoCloseable {
    private static final String PREFIX = "sockwatch-cli-";
    private static final String INNER = "to-cli";
    private static final int DELETE_ATTEMPTS = 40;
    private static final long DELETE_RETRY_MILLIS = 50;
    private static final int MAX_DEPTH = 8;

    private final Path outer;
    private final Path here;
    private final Path inTarget;
    private final int writerUid;
    private final Thread deleteOnInterrupt;

    private TargetDirectory(Path outer, Path inTarget, int writerUid) {
        this.outer = outer;
        this.here = outer.resolve(INNER);
        this.inTarget = inTarget;
        this.writerUid = writerUid;
        this.deleteOnInterrupt = new Thread(this::delete, "sockwatch-cli-cleanup");
    }

    /** In the target's {@code /tmp}. */
    static TargetDirectory create(TargetJvm target) throws IOException, CliFailure {
        return create(target, Paths.get("/tmp"));
    }

    /** In {@code parent}, a directory as the target sees it. */
    static TargetDirectory create(TargetJvm target, Path parent) throws IOException, CliFailure {
        Path parentHere = parent.equals(Paths.get("/tmp")) ? target.tmp() : target.here(parent);
        Path outer = Files.createTempDirectory(parentHere, PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        TargetDirectory dir = new TargetDirectory(outer, parent.resolve(outer.getFileName()).resolve(INNER),
                target.uid());
        Runtime.getRuntime().addShutdownHook(dir.deleteOnInterrupt);
        try {
            Files.createDirectory(dir.here, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            // As root, for a JVM of another user: that user must be able to write its answer, and only there
            if (target.uid() != (Integer) Files.getAttribute(dir.here, "unix:uid", LinkOption.NOFOLLOW_LINKS)) {
                Files.setAttribute(dir.here, "unix:uid", target.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir.here, "unix:gid", target.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            Files.setPosixFilePermissions(outer, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
        return dir;
    }

    /** The directory the target writes into, as the target JVM sees it. */
    Path inTarget() {
        return inTarget;
    }

    /** The directory the target writes into, as this process sees it. */
    Path here() {
        return here;
    }

    /** Whether {@code name} exists in the directory (as anything, a link included). */
    boolean has(String name) {
        return Files.exists(here.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The file {@code name} as the target's user wrote it: a plain file (no link, no FIFO, no device), of that
     * user, with no other name (a hard link to a file elsewhere would have two), of at most {@code maxBytes}.
     */
    byte[] read(String name, long maxBytes) throws IOException, CliFailure {
        Path file = checkedFile(name, maxBytes);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes((int) maxBytes + 1);
            if (content.length > maxBytes) {
                throw new CliFailure(file + " grew beyond " + maxBytes + " bytes while being read");
            }
            return content;
        }
    }

    /** The path of {@code name} once checked like {@link #read}; for a file too big to read at once. */
    Path checkedFile(String name, long maxBytes) throws IOException, CliFailure {
        Path file = here.resolve(name);
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,nlink,size", LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes p = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) a.get("uid");
        if (!p.isRegularFile() || (Integer) a.get("nlink") != 1 || (uid != writerUid && uid != TargetJvm.ownUid())) {
            throw new CliFailure(file + " is not a file the JVM wrote (a link, or another user's file); "
                    + "someone tampered with it: nothing was read");
        }
        if (p.size() > maxBytes) {
            throw new CliFailure(file + " is " + p.size() + " bytes, more than the " + maxBytes + " expected");
        }
        return file;
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
     * Deletes the files, then the directories, each relative to its open parent. The JVM may create a file between
     * the two (a heap dump it was still starting when Ctrl-C came): then again, for a while; once the inner
     * directory is gone it can create nothing more.
     */
    private void delete() {
        for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
            try (DirectoryStream<Path> outerStream = Files.newDirectoryStream(outer)) {
                if (!(outerStream instanceof SecureDirectoryStream)) {
                    return; // not Linux: no fd-relative deletion, so nothing deleted rather than something unsafe
                }
                SecureDirectoryStream<Path> sds = (SecureDirectoryStream<Path>) outerStream;
                deleteEntries(sds, Paths.get(INNER), 0);
                deleteQuietly(sds, Paths.get(INNER), true);
                Files.deleteIfExists(outer);
                return;
            } catch (DirectoryNotEmptyException raced) {
                pause();
            } catch (NoSuchFileException alreadyGone) {
                return;
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    /** Deletes what {@code dir} holds, not following links: a link is removed, never what it points at. */
    private static void deleteEntries(SecureDirectoryStream<Path> parent, Path dir, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        SecureDirectoryStream<Path> children;
        try {
            children = parent.newDirectoryStream(dir, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException gone) {
            return;
        }
        try (SecureDirectoryStream<Path> open = children) {
            for (Path entry : open) {
                Path name = entry.getFileName();
                BasicFileAttributes a;
                try {
                    a = open.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
                } catch (NoSuchFileException gone) {
                    // the JVM removes the staging directory of each answer just after renaming the answer: listed,
                    // then gone. Not the whole directory being gone, which stopped the delete and left it behind.
                    continue;
                }
                if (a.isDirectory()) {
                    deleteEntries(open, name, depth + 1);
                }
                deleteQuietly(open, name, a.isDirectory());
            }
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> parent, Path name, boolean directory)
            throws IOException {
        try {
            if (directory) {
                parent.deleteDirectory(name);
            } else {
                parent.deleteFile(name);
            }
        } catch (NoSuchFileException gone) {
            // deleted meanwhile
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
