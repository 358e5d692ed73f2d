package io.sockwatch.agent.kernel;

/**
 * Which rows of the TCP tables a caller wants as {@link TcpRow}s, decided from the state and inode columns alone:
 * every other row is only counted, never decoded, so a scan of 200k TIME_WAIT rows allocates nothing for them.
 */
@FunctionalInterface
public interface RowFilter {
    /** @param inode the row's socket inode, 0 when no file refers to it */
    boolean wants(TcpState state, long inode);
}
