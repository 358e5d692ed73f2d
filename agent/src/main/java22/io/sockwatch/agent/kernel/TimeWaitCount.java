package io.sockwatch.agent.kernel;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The namespace's count of timewait sockets, the {@code tw} field of {@code /proc/self/net/sockstat}
 * ({@code TCP: inuse 5 orphan 0 tw 71234 alloc 9 mem 1}): a few dozen bytes instead of a row per TIME_WAIT socket.
 * The kernel counts there every timewait socket of the namespace, IPv4 and IPv6, including those still in the
 * FIN_WAIT2 substate, which /proc and netlink show as FIN_WAIT2 rows (per network namespace since Linux 5.x:
 * checked on 6.18 with {@code unshare -n}). One instance per scanning thread.
 */
final class TimeWaitCount {
    private static final byte[] FIELD = " tw ".getBytes(StandardCharsets.US_ASCII);
    private final Path sockstat;
    private final byte[] buffer = new byte[1024];

    /** @param procSelf normally {@code /proc/self} */
    TimeWaitCount(Path procSelf) {
        this.sockstat = procSelf.resolve("net/sockstat");
    }

    /** The tw field; IOException if the file or the field is missing. */
    int read() throws IOException {
        int filled = 0;
        // FileInputStream: no FileChannel, so sun.nio.ch stays uninitialised (see ProcNetTcp)
        try (InputStream in = new FileInputStream(sockstat.toFile())) {
            for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
                filled += n;
            }
        }
        int at = indexOf(filled);
        if (at < 0) {
            throw new IOException(sockstat + " has no tw field");
        }
        int value = 0;
        int digits = 0;
        for (int i = at + FIELD.length; i < filled && buffer[i] >= '0' && buffer[i] <= '9' && digits < 9; i++) {
            value = value * 10 + (buffer[i] - '0');
            digits++;
        }
        if (digits == 0) {
            throw new IOException(sockstat + ": tw is not a number");
        }
        return value;
    }

    private int indexOf(int filled) {
        for (int i = 0; i + FIELD.length <= filled; i++) {
            int j = 0;
            while (j < FIELD.length && buffer[i + j] == FIELD[j]) {
                j++;
            }
            if (j == FIELD.length) {
                return i;
            }
        }
        return -1;
    }
}
