package io.sockwatch.agent.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps the file descriptors in a /proc/PID/fd directory to socket inodes, the key that links a descriptor
 * to its row in /proc/net/tcp. Every lookup is a readlink that races with other threads opening and
 * closing descriptors, so failures mean "not a socket" rather than errors.
 */
public final class ProcFds {
    private static final String SOCKET_PREFIX = "socket:[";

    private final Path fdDir;
    private final File fdDirFile;
    /** The directory's size was its number of fds when last compared; used by one scanning thread. */
    private boolean sizeIsCount;

    /** @param fdDir normally {@code Paths.get("/proc/self/fd")} */
    public ProcFds(Path fdDir) {
        this.fdDir = Objects.requireNonNull(fdDir, "fdDir");
        this.fdDirFile = fdDir.toFile();
    }

    /** Inode of the socket open at fd, from the link target "socket:[12345]"; -1 if fd is not open or not a socket (never throws). */
    public long socketInode(int fd) {
        if (fd < 0) {
            return -1;
        }
        return socketInodeOf(fdDir.resolve(Integer.toString(fd)));
    }

    /**
     * inode -> fd for every socket fd in the directory (never throws; empty map if unreadable). A socket
     * open at several fds (dup) maps to the lowest of them.
     */
    public Map<Long, Integer> socketInodes() {
        Map<Long, Integer> fdsByInode = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                long fd = parseDecimal(name, 0, name.length());
                if (fd < 0 || fd > Integer.MAX_VALUE) {
                    continue;
                }
                long inode = socketInodeOf(entry);
                if (inode >= 0) {
                    fdsByInode.merge(inode, (int) fd, Math::min);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // runs inside the host JVM: a half-listed directory (DirectoryIteratorException) is reported as
            // unreadable too, so callers never mistake a partial map for the full set of sockets
            return Collections.emptyMap();
        }
        return Collections.unmodifiableMap(fdsByInode);
    }

    /**
     * The number of open fds; -1 if the directory cannot be listed. From Linux 6.2 the size of /proc/PID/fd is that
     * number: one stat instead of a listing that made two objects per fd every scan (10k fds: about 1 MB of garbage
     * and 5 ms). The size is trusted once it agreed with a listing; 0 (an older kernel) falls back to listing.
     */
    public int count() {
        if (sizeIsCount) {
            long size = fdDirFile.length();
            if (size > 0 && size <= Integer.MAX_VALUE) {
                return (int) size;
            }
            sizeIsCount = false;
        }
        long size = fdDirFile.length();
        int listed = listedCount();
        sizeIsCount = listed > 0 && size == listed; // fds opened or closed between the two: asked again next time
        return listed;
    }

    /**
     * The number of open fds, not counting the one this listing opens; -1 if the directory cannot be listed.
     * File.list, not a DirectoryStream: that opens two fds on the directory (JDK 17), one of them uncounted here.
     */
    private int listedCount() {
        String[] entries = fdDirFile.list();
        return entries == null ? -1 : entries.length - 1;
    }

    private static long socketInodeOf(Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException notALink) {
            // closed since listed, not a symbolic link, or a file system without links: none is a socket
            return -1;
        }
        int end = target.length() - 1;
        if (!target.startsWith(SOCKET_PREFIX) || target.charAt(end) != ']') {
            return -1;
        }
        return parseDecimal(target, SOCKET_PREFIX.length(), end);
    }

    /** Unsigned decimal value of text[start, end); -1 if empty, not decimal, or too long for a long. */
    private static long parseDecimal(String text, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
