package io.sockwatch.agent.explain;

import io.sockwatch.agent.kernel.TcpRow;
import java.util.Objects;

/** A socket of the target process that the kernel shows in CLOSE_WAIT: its fd, and the row it has. Immutable. */
public final class SuspectSocket {
    private final int fd;
    private final TcpRow row;

    public SuspectSocket(int fd, TcpRow row) {
        this.fd = fd;
        this.row = Objects.requireNonNull(row, "row");
    }

    public int fd() {
        return fd;
    }

    public long inode() {
        return row.inode();
    }

    public TcpRow row() {
        return row;
    }
}
