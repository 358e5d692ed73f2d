package io.sockwatch.agent.correlation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A /proc/self stand-in in a temp directory: {@code net/tcp} written as the kernel prints it (all sockets on
 * 127.0.0.1, in this machine's word order) and {@code fd/N} as real symbolic links to {@code socket:[inode]}.
 */
final class ProcFixture {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
            + " retrnsmt   uid  timeout inode";
    private static final String LOOPBACK = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "0100007F" : "7F000001";

    final Path dir;
    private final List<String> rows = new ArrayList<>();

    ProcFixture(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("net"));
        Files.createDirectories(dir.resolve("fd"));
    }

    /** Adds a row to the next {@link #writeTable()}; state as the kernel's hex code, e.g. 0x08 for CLOSE_WAIT. */
    ProcFixture row(long inode, int state, int localPort, int remotePort, int rxQueue) {
        rows.add(String.format("%4d: %s:%04X %s:%04X %02X %08X:%08X 00:00000000 00000000  1000        0 %d 1"
                        + " 0000000000000000 20 4 30 10 -1", rows.size(), LOOPBACK, localPort, LOOPBACK, remotePort,
                state, 0, rxQueue, inode));
        return this;
    }

    /** Replaces net/tcp with the rows added since the last write. */
    void writeTable() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (String row : rows) {
            text.append(row).append('\n');
        }
        rows.clear();
        try {
            Files.write(dir.resolve("net/tcp"), text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code fd} refer to the socket with {@code inode}, replacing what it referred to. */
    void fd(int fd, long inode) throws IOException {
        Path link = dir.resolve("fd/" + fd);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Paths.get("socket:[" + inode + "]"));
    }
}
