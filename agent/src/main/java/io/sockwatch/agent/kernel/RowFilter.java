package io.sockwatch.agent.kernel;

/**
 * Which rows of the TCP tables a caller wants as {@link TcpRow}s, decided from the state, inode and local port alone:
 * every other row is only counted, never decoded, so a scan of 200k TIME_WAIT rows allocates nothing for them.
 */
@FunctionalInterface
public interface RowFilter {
    /**
     * Whether any TIME_WAIT row may be wanted. When not, a reader that can may count the namespace's TIME_WAIT
     * rows without reading them: on a busy host they are most rows.
     */
    default boolean wantsTimeWait() {
        return true;
    }

    /**
     * @param inode the row's socket inode, 0 when no file refers to it
     * @param localPort the row's local port: picks this process's TIME_WAIT rows out of the namespace's
     */
    boolean wants(TcpState state, long inode, int localPort);

    /**
     * Whether a wanted row is exactly what the caller already knows of that socket: the reader then makes no
     * {@link TcpRow} of it, and the table has no row for its inode. Each scan of 10k quiet sockets made 10k rows,
     * each equal to one the last scan made. Asked once per wanted row.
     */
    default boolean isKnown(long inode, TcpState state, int localPort, int remotePort, long txQueue, long rxQueue) {
        return false;
    }
}
