package io.sockwatch.agent.kernel;

import io.sockwatch.agent.log.Log;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The reader of the TCP tables on Java 22+ (the multi-release jar's version of this class): NETLINK_SOCK_DIAG,
 * which hands the kernel's socket records in binary instead of printing them as text, as {@code ss} reads them.
 * If netlink cannot be set up, or a read through it fails, one line says so and /proc/net/tcp and tcp6 are read,
 * as on Java 11-21.
 */
public final class TcpTables {
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
        try {
            return new NetlinkOrProc(new SockDiag(LibcModule.load(inst), new TimeWaitCount(procSelf)), proc);
        } catch (Exception | LinkageError e) {
            Log.warn("cannot read TCP tables through netlink ({}); reading /proc/net/tcp and tcp6", String.valueOf(e));
            return proc;
        }
    }

    /** Netlink until a read fails, then /proc for good: a kernel that refuses once will refuse again. */
    private static final class NetlinkOrProc implements TcpTableReader {
        private final SockDiag netlink;
        private final ProcTables proc;
        private boolean failed;

        NetlinkOrProc(SockDiag netlink, ProcTables proc) {
            this.netlink = netlink;
            this.proc = proc;
        }

        @Override
        public KernelTable read(RowFilter filter) throws IOException {
            if (!failed) {
                try {
                    return netlink.read(filter);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    Log.warn("reading TCP tables through netlink failed ({}); reading /proc/net/tcp and tcp6 from now on",
                            String.valueOf(e));
                }
            }
            return proc.read(filter);
        }

        @Override
        public String source() {
            return failed ? proc.source() : netlink.source();
        }
    }
}
