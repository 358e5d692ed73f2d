package io.sockwatch.agent.kernel;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * The reader of the TCP tables for this JDK: /proc/net/tcp and tcp6 on Java 11-21. The multi-release jar holds a
 * Java 22 version of this class, which reads them through NETLINK_SOCK_DIAG (META-INF/versions/22).
 */
public final class TcpTables {
    private TcpTables() {
    }

    /**
     * @param procSelf normally {@code /proc/self}; its {@code net} directory holds the tables
     * @param inst not needed before Java 22
     */
    public static TcpTableReader of(Path procSelf, Instrumentation inst) {
        return new ProcTables(procSelf);
    }
}
