package io.sockwatch.agent.kernel;

import java.io.IOException;

/** Reads the TCP sockets of this network namespace. One instance per scanning thread: readers reuse buffers. */
public interface TcpTableReader {
    /** The rows {@code filter} wants, and the count of all rows per state. */
    KernelTable read(RowFilter filter) throws IOException;

    /** Where the rows come from, as reports name it: "proc" or "netlink". */
    String source();
}
