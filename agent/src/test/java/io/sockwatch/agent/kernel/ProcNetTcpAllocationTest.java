package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage per scan of a busy host's tables: 200,000 rows, most of them TIME_WAIT, of which the scanner wants a
 * few hundred. The figures go to docs/benchmarks.md ("Reading /proc/net/tcp").
 */
class ProcNetTcpAllocationTest {
    static final int ROWS = 200_000;
    /** The scanner asks for the inodes of the first WANTED rows (a fifth of them are sockets with an inode). */
    private static final int WANTED = 300;
    /** About 400 bytes per wanted row; materialising all 200k rows would be tens of megabytes. */
    private static final long MAX_BYTES_PER_SCAN = 2_000_000;

    @Test
    void aScanOf200kRowsAllocatesForTheWantedRowsOnly(@TempDir Path net) throws IOException {
        writeTables(net, ROWS);
        ProcNetTcp reader = new ProcNetTcp();
        RowFilter filter = (state, inode, localPort) -> inode != 0 && (state == TcpState.CLOSE_WAIT || inode <= WANTED);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        KernelTable table = null;
        for (int i = 0; i < 5; i++) { // warm-up: compile the parser
            table = reader.read(net, filter);
        }
        int scans = 5;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < scans; i++) {
            table = reader.read(net, filter);
        }
        long perScan = (threads.getThreadAllocatedBytes(thread) - before) / scans;

        System.out.printf("ProcNetTcp.read of %,d rows, %,d wanted: %,d bytes allocated per scan%n", ROWS,
                table.rows().size(), perScan);
        assertEquals(ROWS / 100 + WANTED / 5 - WANTED / 100, table.rows().size(), "CLOSE_WAIT and wanted rows");
        assertEquals(ROWS, table.states().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(perScan < MAX_BYTES_PER_SCAN, perScan + " bytes per scan");
    }

    /**
     * A quarter of the rows in tcp, the rest in tcp6 (v4-mapped), as the kernel prints them: 80% TIME_WAIT (inode
     * 0), every 100th row CLOSE_WAIT, the others ESTABLISHED sockets of some process.
     */
    static void writeTables(Path net, int rows) throws IOException {
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        String v4 = little ? "0100007F" : "7F000001";
        String v6 = little ? "0000000000000000FFFF00000100007F" : "00000000000000000000FFFF7F000001";
        try (BufferedWriter tcp = Files.newBufferedWriter(net.resolve("tcp"), StandardCharsets.US_ASCII);
             BufferedWriter tcp6 = Files.newBufferedWriter(net.resolve("tcp6"), StandardCharsets.US_ASCII)) {
            tcp.write(header + "\n");
            tcp6.write(header + "\n");
            for (int i = 0; i < rows; i++) {
                boolean inTcp = i % 4 == 0;
                String address = inTcp ? v4 : v6;
                int state = i % 100 == 0 ? 0x08 : i % 5 != 0 ? 0x06 : 0x01;
                long inode = state == 0x06 ? 0 : i + 1 <= WANTED ? i + 1 : 1_000_000 + i;
                String line = String.format("%6d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000"
                                + "  1000        0 %d 1 0000000000000000 20 4 30 10 -1\n",
                        i, address, 1024 + i % 60000, address, 8080, state, inode);
                (inTcp ? tcp : tcp6).write(line);
            }
        }
    }
}
