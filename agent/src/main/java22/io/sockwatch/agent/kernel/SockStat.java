package io.sockwatch.agent.kernel;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The TCP line of {@code /proc/self/net/sockstat} ({@code TCP: inuse 5 orphan 0 tw 71234 alloc 9 mem 1}): a few
 * dozen bytes that count what the tables hold, instead of a row per socket. {@code tw} counts every timewait
 * socket of the namespace, IPv4 and IPv6, including those still in the FIN_WAIT2 substate, which /proc and netlink
 * show as FIN_WAIT2 rows (per network namespace since Linux 5.x: checked on 6.18 with {@code unshare -n});
 * {@code inuse} counts the other TCP sockets, listeners included. One instance per scanning thread.
 */
final class SockStat {
    private static final byte[] IN_USE = " inuse ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME_WAIT = " tw ".getBytes(StandardCharsets.US_ASCII);
    private final Path sockstat;
    private final byte[] buffer = new byte[1024];

    /** @param procSelf normally {@code /proc/self} */
    SockStat(Path procSelf) {
        this.sockstat = procSelf.resolve("net/sockstat");
    }

    /** The namespace's timewait sockets; IOException if the file or the field is missing. */
    int timeWait() throws IOException {
        return field(read(), TIME_WAIT);
    }

    /** The rows the namespace's TCP tables hold now: the sockets in use and the timewait ones. */
    int rows() throws IOException {
        int filled = read();
        return field(filled, IN_USE) + field(filled, TIME_WAIT);
    }

    private int read() throws IOException {
        int filled = 0;
        // FileInputStream: no FileChannel, so sun.nio.ch stays uninitialised (see ProcNetTcp)
        try (InputStream in = new FileInputStream(sockstat.toFile())) {
            for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
                filled += n;
            }
        }
        return filled;
    }

    /** The first field called {@code name} (the TCP line comes before UDP's). */
    private int field(int filled, byte[] name) throws IOException {
        int at = indexOf(filled, name);
        if (at < 0) {
            throw new IOException(sockstat + " has no" + new String(name, StandardCharsets.US_ASCII) + "field");
        }
        int value = 0;
        int digits = 0;
        for (int i = at + name.length; i < filled && buffer[i] >= '0' && buffer[i] <= '9' && digits < 9; i++) {
            value = value * 10 + (buffer[i] - '0');
            digits++;
        }
        if (digits == 0) {
            throw new IOException(sockstat + ":" + new String(name, StandardCharsets.US_ASCII) + "is not a number");
        }
        return value;
    }

    private int indexOf(int filled, byte[] name) {
        for (int i = 0; i + name.length <= filled; i++) {
            int j = 0;
            while (j < name.length && buffer[i + j] == name[j]) {
                j++;
            }
            if (j == name.length) {
                return i;
            }
        }
        return -1;
    }
}
