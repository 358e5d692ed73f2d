package io.sockwatch.agent.kernel;

import io.sockwatch.agent.log.Log;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The reader of the TCP tables on Java 22+ (the multi-release jar's version of this class): /proc/net/tcp and tcp6
 * while the namespace is small, NETLINK_SOCK_DIAG once it holds {@link #NETLINK_FROM_ROWS} rows or more. Netlink
 * hands the kernel's socket records in binary, as {@code ss} reads them, and leaves the TIME_WAIT rows out; but
 * setting it up (the FFM linker, a module layer) costs ~100 ms of CPU and ~6 MiB once, more than /proc costs a
 * small namespace in a JVM's whole life (docs/benchmarks.md). If netlink cannot be set up, or a read through it
 * fails, one line says so and /proc is read from then on.
 */
public final class TcpTables {
    /** About 15 ms of /proc text to print and parse per scan on this machine; netlink's one-time set-up pays off. */
    static final int NETLINK_FROM_ROWS = 5_000;
    private static final Path PROC_SELF = Paths.get("/proc/self");

    private TcpTables() {
    }

    /**
     * @param procSelf normally {@code /proc/self}; another procfs root (sockwatch.proc) is read as files, since
     *     netlink can only see this process's own namespace
     * @param inst grants native access to sockwatch's libc module (see {@link LibcModule}); null: /proc
     */
    public static TcpTableReader of(Path procSelf, Instrumentation inst) {
        ProcTables proc = new ProcTables(procSelf);
        if (inst == null || !procSelf.equals(PROC_SELF)) {
            return proc;
        }
        return new BySize(proc, new SockStat(procSelf), inst);
    }

    /** /proc or netlink by the namespace's size, read from sockstat before each scan; /proc for good after a failure. */
    private static final class BySize implements TcpTableReader {
        private final ProcTables proc;
        private final SockStat sockstat;
        private final Instrumentation inst;
        private SockDiag netlink;
        private boolean netlinkOff;
        private TcpTableReader last;

        BySize(ProcTables proc, SockStat sockstat, Instrumentation inst) {
            this.proc = proc;
            this.sockstat = sockstat;
            this.inst = inst;
            this.last = proc;
        }

        @Override
        public KernelTable read(RowFilter filter) throws IOException {
            if (!netlinkOff && namespaceRows() >= NETLINK_FROM_ROWS) {
                try {
                    if (netlink == null) {
                        netlink = new SockDiag(LibcModule.load(inst), sockstat);
                    }
                    last = netlink;
                    return netlink.read(filter);
                } catch (Exception | LinkageError e) {
                    netlinkOff = true;
                    Log.warn("cannot read TCP tables through netlink ({}); reading /proc/net/tcp and tcp6 from now on",
                            String.valueOf(e));
                }
            }
            last = proc;
            return proc.read(filter);
        }

        /** 0 when sockstat cannot be read: then /proc, which reports its own problem if it has one. */
        private int namespaceRows() {
            try {
                return sockstat.rows();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        @Override
        public String source() {
            return last.source();
        }
    }
}
