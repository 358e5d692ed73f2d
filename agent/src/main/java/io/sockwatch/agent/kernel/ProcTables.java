package io.sockwatch.agent.kernel;

import java.io.IOException;
import java.nio.file.Path;

/** The tables as {@code /proc/self/net/tcp} and {@code tcp6} print them: the reader on every JDK. */
final class ProcTables implements TcpTableReader {
    private final Path netDir;
    private final ProcNetTcp text = new ProcNetTcp();

    /** @param procSelf normally {@code /proc/self} */
    ProcTables(Path procSelf) {
        this.netDir = procSelf.resolve("net");
    }

    @Override
    public KernelTable read(RowFilter filter) throws IOException {
        return text.read(netDir, filter);
    }

    @Override
    public String source() {
        return "proc";
    }
}
