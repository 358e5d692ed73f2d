package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures in src/test/resources/kernel were captured on little-endian x86_64 and edited, so they are
 * parsed with {@link ByteOrder#LITTLE_ENDIAN} whatever the test machine is.
 */
class ProcNetTcpTest {
    private static final String VALID_LINE = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000"
            + " 00000000  1000        0 22043 1 000000009ce5092d 100 0 0 10 0";

    private static final RowFilter EVERY_ROW = (state, inode, localPort) -> true;

    private static InputStream fixture(String name) {
        InputStream in = ProcNetTcpTest.class.getResourceAsStream("/kernel/" + name);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        return in;
    }

    private static KernelTable parseFixture(String name, RowFilter filter) throws IOException {
        try (InputStream text = fixture(name)) {
            return new ProcNetTcp(ByteOrder.LITTLE_ENDIAN, 64 * 1024).parse(text, filter);
        }
    }

    private static List<TcpRow> parseFixture(String name) throws IOException {
        return parseFixture(name, EVERY_ROW).rows();
    }

    private static List<TcpRow> parseLine(String line) throws IOException {
        return parse(line, ByteOrder.LITTLE_ENDIAN, 64 * 1024);
    }

    private static List<TcpRow> parse(String text, ByteOrder order, int bufferBytes) throws IOException {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        return new ProcNetTcp(order, bufferBytes).parse(in, EVERY_ROW).rows();
    }

    private static <T> List<T> column(List<TcpRow> rows, Function<TcpRow, T> getter) {
        return rows.stream().map(getter).collect(Collectors.toList());
    }

    @Test
    void tcpFixtureHasEveryStateCode() throws IOException {
        List<TcpRow> rows = parseFixture("tcp");

        assertEquals(Arrays.asList(
                TcpState.LISTEN, TcpState.LISTEN, TcpState.ESTABLISHED, TcpState.ESTABLISHED, TcpState.SYN_SENT,
                TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSE,
                TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSING, TcpState.NEW_SYN_RECV,
                TcpState.ESTABLISHED), column(rows, TcpRow::state));
        Set<TcpState> known = EnumSet.complementOf(EnumSet.of(TcpState.UNKNOWN));
        assertEquals(known, EnumSet.copyOf(column(rows, TcpRow::state)));
    }

    @Test
    void truncatedLineAndHeaderAreSkipped() throws IOException {
        // the tcp fixture has 16 data lines, the last cut short; tcp6 has 11, the last with a 31-digit address
        assertEquals(15, parseFixture("tcp").size());
        assertEquals(10, parseFixture("tcp6").size());
    }

    @Test
    void decodesIpv4Endpoints() throws IOException {
        List<TcpRow> rows = parseFixture("tcp");

        assertEquals(Arrays.asList(
                "127.0.0.1:8080", "0.0.0.0:2024", "127.0.0.1:57936", "127.0.0.1:8080", "192.0.2.2:57950",
                "127.0.0.1:8080", "192.0.2.2:50010", "127.0.0.1:49884", "192.0.2.2:35984", "127.0.0.1:54321",
                "127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1:41394", "127.0.0.1:8080", "192.0.2.2:443"),
                column(rows, TcpRow::local));
        assertEquals(Arrays.asList(
                "0.0.0.0:0", "0.0.0.0:0", "127.0.0.1:8080", "127.0.0.1:57936", "198.51.100.7:443",
                "127.0.0.1:57966", "198.51.100.7:443", "127.0.0.1:32797", "203.0.113.80:80", "127.0.0.1:8081",
                "127.0.0.1:40186", "127.0.0.1:40196", "127.0.0.1:8080", "127.0.0.1:57978", "203.0.113.80:65535"),
                column(rows, TcpRow::remote));
        assertEquals("198.51.100.7", rows.get(4).remoteHost());
        assertEquals(65535, rows.get(14).remotePort());
    }

    @Test
    void decodesIpv6EndpointsInCompressedFormAndMappedAsIpv4() throws IOException {
        List<TcpRow> rows = parseFixture("tcp6");

        assertEquals(Arrays.asList(
                "[::]:8080", "[::1]:37353", "[::1]:42294", "[::1]:37353", "127.0.0.1:42874", "127.0.0.1:8080",
                "[2001:db8:85a3::8a2e:370:7334]:443", "[fe80::fc:ff:fe00:1]:22", "[fd00::2]:38046",
                "[2001:db8::1]:51002"),
                column(rows, TcpRow::local));
        assertEquals(Arrays.asList(
                "[::]:0", "[::]:0", "[::1]:37353", "[::1]:42294", "127.0.0.1:8080", "127.0.0.1:42874",
                "[2001:db8::1]:51000", "[::]:0", "[fd00::2]:47193", "[2001:db8:85a3::8a2e:370:7334]:443"),
                column(rows, TcpRow::remote));
        assertEquals("[2001:db8:85a3::8a2e:370:7334]", rows.get(6).localHost());
        assertEquals(Arrays.asList(
                TcpState.LISTEN, TcpState.LISTEN, TcpState.ESTABLISHED, TcpState.ESTABLISHED, TcpState.FIN_WAIT2,
                TcpState.CLOSE_WAIT, TcpState.ESTABLISHED, TcpState.LISTEN, TcpState.ESTABLISHED,
                TcpState.TIME_WAIT), column(rows, TcpRow::state));
    }

    @Test
    void decodesQueues() throws IOException {
        List<TcpRow> rows = parseFixture("tcp");

        TcpRow listen = rows.get(0);
        assertEquals(0, listen.txQueue());
        assertEquals(3, listen.rxQueue(), "LISTEN rx_queue is the accept backlog");
        assertEquals(1, rows.get(10).rxQueue(), "CLOSE_WAIT rx_queue counts the FIN");
        assertEquals(1, rows.get(4).txQueue(), "SYN_SENT tx_queue counts the SYN");
        assertEquals(0x5A0, rows.get(6).txQueue());
        assertEquals(0x1A2B3, rows.get(14).txQueue());
        assertEquals(0xC0FFEE, rows.get(14).rxQueue());
        assertEquals(300, parseFixture("tcp6").get(8).rxQueue());
    }

    @Test
    void decodesInodeAndUid() throws IOException {
        List<TcpRow> rows = parseFixture("tcp");

        assertEquals(22043, rows.get(0).inode());
        assertEquals(1000, rows.get(0).uid());
        assertEquals(637, rows.get(1).inode());
        assertEquals(0, rows.get(1).uid());
        assertEquals(3_000_000_001L, rows.get(14).inode(), "inodes are unsigned 32-bit, beyond int");
        assertEquals(65534, rows.get(14).uid());
    }

    @Test
    void rowsWithoutInodeAreReturned() throws IOException {
        List<TcpRow> rows = parseFixture("tcp");

        List<Integer> inodeZero = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).inode() == 0) {
                inodeZero.add(i);
            }
        }
        // unaccepted child, request sock, orphaned FIN_WAIT1, FIN_WAIT2 and TIME_WAIT socks, orphaned
        // LAST_ACK, NEW_SYN_RECV
        assertEquals(Arrays.asList(3, 5, 6, 7, 8, 11, 13), inodeZero);
        TcpRow closeWaitV6 = parseFixture("tcp6").get(5);
        assertEquals(TcpState.CLOSE_WAIT, closeWaitV6.state());
        assertEquals(0, closeWaitV6.inode());
    }

    @Test
    void validLineParses() throws IOException {
        List<TcpRow> rows = parseLine(VALID_LINE);

        assertEquals(1, rows.size());
        assertEquals("127.0.0.1:8080", rows.get(0).local());
        assertEquals(22043, rows.get(0).inode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'   0: '|'   0 '",                             // sl without colon
        "'0100007F:1F90'|'0100007G:1F90'",              // non-hex address digit
        "'0100007F:1F90'|'100007F:1F90'",               // 7-digit address
        "'00000000:0000'|'00000000000000000000000000000000:0000'", // IPv4 local, IPv6 remote
        "'0100007F:1F90'|'0100007F:10000'",             // port beyond 16 bits
        "'0100007F:1F90'|'0100007F1F90'",               // endpoint without port
        "'0100007F:1F90'|'0100007F:'",                  // empty port
        "' 0A '|' ZZ '",                                // non-hex state
        "' 0A '|' 100 '",                               // state beyond 8 bits
        "'00000000:00000003'|'0000000000000003'",       // queues without colon
        "'00000000:00000003'|'00000000:1000000000'",    // rx_queue beyond 32 bits
        "'  1000 '|'  1e3 '",                           // non-decimal uid
        "'  1000 '|'  4294967296 '",                    // uid beyond 32 bits
        "' 22043 '|' -22043 '",                         // negative inode
        "' 22043 '|' 22043x '",                         // non-decimal inode
        "' 22043 1 000000009ce5092d 100 0 0 10 0'|''",  // cut before inode
    })
    void malformedLineIsSkipped(String valid, String broken) throws IOException {
        assertTrue(VALID_LINE.contains(valid), valid);

        assertEquals(0, parseLine(VALID_LINE.replace(valid, broken)).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ":", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"})
    void blankAndHeaderLinesAreSkipped(String line) throws IOException {
        assertEquals(0, parseLine(line).size());
    }

    @Test
    void malformedLineDoesNotHideTheRowsAroundIt() throws IOException {
        String text = VALID_LINE + "\n   1: garbage\n" + VALID_LINE.replace("22043", "22044") + "\n";

        List<TcpRow> rows = parseLine(text);

        assertEquals(Arrays.asList(22043L, 22044L), column(rows, TcpRow::inode));
    }

    @Test
    void unknownStateCodeIsKeptAsUnknown() throws IOException {
        List<TcpRow> rows = parseLine(VALID_LINE.replace(" 0A ", " 0D "));

        assertEquals(1, rows.size());
        assertEquals(TcpState.UNKNOWN, rows.get(0).state());
    }

    @Test
    void uidAboveSignedRangeIsKeptUnsigned() throws IOException {
        TcpRow row = parseLine(VALID_LINE.replace("  1000 ", " 4294967294 ")).get(0);

        assertEquals(4294967294L, Integer.toUnsignedLong(row.uid()));
    }

    @Test
    void bigEndianHostsPrintWordsInNetworkOrder() throws IOException {
        String ipv4 = "   0: 7F000001:1F90 C0000202:01BB 01 00000000:00000000 00:00000000 00000000     0        0 1 1";
        String ipv6 = "   0: 20010DB8000000000000000000000001:01BB 00000000000000000000FFFF7F000001:1F90 01"
                + " 00000000:00000000 00:00000000 00000000     0        0 2 1";

        List<TcpRow> rows = parse(ipv4 + "\n" + ipv6, ByteOrder.BIG_ENDIAN, 64 * 1024);

        assertEquals(Arrays.asList("127.0.0.1:8080", "[2001:db8::1]:443"), column(rows, TcpRow::local));
        assertEquals(Arrays.asList("192.0.2.2:443", "127.0.0.1:8080"), column(rows, TcpRow::remote));
    }

    @Test
    void readCombinesTcpAndTcp6InTheNativeByteOrder(@TempDir Path dir) throws IOException {
        copyFixture("tcp", dir);
        copyFixture("tcp6", dir);

        KernelTable table = new ProcNetTcp().read(dir, EVERY_ROW);

        List<TcpRow> expected = new ArrayList<>();
        try (InputStream tcp = fixture("tcp"); InputStream tcp6 = fixture("tcp6")) {
            expected.addAll(new ProcNetTcp(ByteOrder.nativeOrder(), 4096).parse(tcp, EVERY_ROW).rows());
            expected.addAll(new ProcNetTcp(ByteOrder.nativeOrder(), 4096).parse(tcp6, EVERY_ROW).rows());
        }
        assertEquals(25, table.rows().size());
        assertEquals(expected, table.rows());
        assertEquals(2 + 3, table.states().get(TcpState.LISTEN), "LISTEN rows of tcp and tcp6");
    }

    @Test
    void readSkipsMissingTcp6(@TempDir Path dir) throws IOException {
        copyFixture("tcp", dir);

        KernelTable table = new ProcNetTcp().read(dir, EVERY_ROW);

        try (InputStream tcp = fixture("tcp")) {
            assertEquals(new ProcNetTcp().parse(tcp, EVERY_ROW).rows(), table.rows());
        }
        assertEquals(15, table.rows().size());
    }

    @Test
    void readFailsNamingTheDirectoryWhenBothFilesAreMissing(@TempDir Path dir) {
        IOException failure = assertThrows(IOException.class, () -> new ProcNetTcp().read(dir, EVERY_ROW));

        assertTrue(failure.getMessage().contains(dir.toString()), failure.getMessage());
    }

    private static void copyFixture(String name, Path dir) throws IOException {
        try (InputStream in = ProcNetTcpTest.class.getResourceAsStream("/kernel/" + name)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @Test
    void mappedRowAddressPrintsAsIpv4() throws IOException {
        TcpRow mapped = parseFixture("tcp6").get(5);

        assertEquals("127.0.0.1", mapped.localHost());
    }

    @Test
    void everyWellFormedRowIsCountedWhateverTheFilter() throws IOException {
        Map<TcpState, Integer> expected = new EnumMap<>(TcpState.class);
        for (TcpState state : EnumSet.complementOf(EnumSet.of(TcpState.UNKNOWN))) {
            expected.put(state, 1);
        }
        expected.put(TcpState.LISTEN, 2);
        expected.put(TcpState.ESTABLISHED, 3);

        assertEquals(expected, parseFixture("tcp", EVERY_ROW).states());
        KernelTable none = parseFixture("tcp", (state, inode, localPort) -> false);
        assertEquals(expected, none.states());
        assertEquals(0, none.rows().size());
    }

    @Test
    void onlyWantedRowsAreReturnedAndIndexedByInode() throws IOException {
        List<TcpState> asked = new ArrayList<>();
        KernelTable table = parseFixture("tcp", (state, inode, localPort) -> {
            asked.add(state);
            return inode == 22043 || state == TcpState.CLOSE_WAIT && inode != 0;
        });

        assertEquals(15, asked.size(), "the filter sees every well-formed row");
        assertEquals(Arrays.asList(22043L, rowsOf("tcp", TcpState.CLOSE_WAIT)), column(table.rows(), TcpRow::inode));
        assertEquals("127.0.0.1:8080", table.row(22043).local());
        assertEquals(null, table.row(637), "a row the filter did not want");
    }

    private static long rowsOf(String fixture, TcpState state) throws IOException {
        return parseFixture(fixture).stream().filter(r -> r.state() == state).findFirst().orElseThrow().inode();
    }

    @Test
    void rowsWithoutInodeAreNeverIndexed() throws IOException {
        KernelTable table = parseFixture("tcp", EVERY_ROW);

        assertEquals(null, table.row(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {178, 200, 1000, 4096}) // the longest line of tcp6 takes 178 bytes with its newline
    void linesSplitAcrossReadsParseTheSame(int bufferBytes) throws IOException {
        String text;
        try (InputStream tcp6 = fixture("tcp6")) {
            text = new String(tcp6.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertEquals(parseFixture("tcp6"), parse(text, ByteOrder.LITTLE_ENDIAN, bufferBytes));
    }

    @Test
    void lineLongerThanTheBufferIsSkippedAndTheNextOneParses() throws IOException {
        String overlong = VALID_LINE.replace("22043", "22044") + " 0".repeat(200);
        String text = VALID_LINE + "\n" + overlong + "\n" + VALID_LINE.replace("22043", "22045") + "\n";

        List<TcpRow> rows = parse(text, ByteOrder.LITTLE_ENDIAN, 256);

        assertEquals(Arrays.asList(22043L, 22045L), column(rows, TcpRow::inode));
    }
}
