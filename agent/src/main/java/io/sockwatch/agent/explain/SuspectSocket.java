package io.sockwatch.agent.explain;

import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import java.util.Objects;

/**
 * A socket of the target process that nobody uses: in CLOSE_WAIT, or a stalled reader (ESTABLISHED with unread data
 * that nobody reads). Its fd, and the row it has. Immutable.
 */
public final class SuspectSocket {
    /**
     * How long a stalled reader's receive queue stays non-empty and does not shrink: any read in that time would
     * shrink it (a read takes what is there), so nobody read.
     */
    public static final long STALL_PROBE_MILLIS = 1000;

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

    /** Whether it is a stalled reader: only those are suspects while ESTABLISHED. */
    public boolean isStalledReader() {
        return row.state() == TcpState.ESTABLISHED;
    }

    /**
     * Whether {@code later}, the same socket read {@link #STALL_PROBE_MILLIS} after {@code earlier}, is a stalled
     * reader: ESTABLISHED, with unread data both times and no less of it the second time.
     */
    public static boolean stalled(TcpRow earlier, TcpRow later) {
        return later.state() == TcpState.ESTABLISHED && earlier.rxQueue() > 0 && later.rxQueue() >= earlier.rxQueue();
    }
}
