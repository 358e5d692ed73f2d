package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
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

    private static Reader fixture(String name) {
        InputStream in = ProcNetTcpTest.class.getResourceAsStream("/kernel/" + name);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        return new InputStreamReader(in, StandardCharsets.ISO_8859_1);
    }

    private static List<TcpRow> parseFixture(String name) throws IOException {
        try (Reader text = fixture(name)) {
            return ProcNetTcp.parse(text, ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static List<TcpRow> parseLine(String line) throws IOException {
        return ProcNetTcp.parse(new StringReader(line), ByteOrder.LITTLE_ENDIAN);
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
        assertEquals(InetAddress.getByName("198.51.100.7"), rows.get(4).remoteAddress());
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
        assertEquals(InetAddress.getByName("2001:db8:85a3::8a2e:370:7334"), rows.get(6).localAddress());
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

        List<TcpRow> rows = ProcNetTcp.parse(new StringReader(ipv4 + "\n" + ipv6), ByteOrder.BIG_ENDIAN);

        assertEquals(Arrays.asList("127.0.0.1:8080", "[2001:db8::1]:443"), column(rows, TcpRow::local));
        assertEquals(Arrays.asList("192.0.2.2:443", "127.0.0.1:8080"), column(rows, TcpRow::remote));
    }

    @Test
    void publicParseUsesTheNativeByteOrder() throws IOException {
        try (Reader text = fixture("tcp6"); Reader same = fixture("tcp6")) {
            assertEquals(ProcNetTcp.parse(same, ByteOrder.nativeOrder()), ProcNetTcp.parse(text));
        }
    }

    @Test
    void readCombinesTcpAndTcp6(@TempDir Path dir) throws IOException {
        copyFixture("tcp", dir);
        copyFixture("tcp6", dir);

        List<TcpRow> rows = ProcNetTcp.read(dir);

        List<TcpRow> expected = new ArrayList<>();
        try (Reader tcp = fixture("tcp"); Reader tcp6 = fixture("tcp6")) {
            expected.addAll(ProcNetTcp.parse(tcp));
            expected.addAll(ProcNetTcp.parse(tcp6));
        }
        assertEquals(25, rows.size());
        assertEquals(expected, rows);
    }

    @Test
    void readSkipsMissingTcp6(@TempDir Path dir) throws IOException {
        copyFixture("tcp", dir);

        List<TcpRow> rows = ProcNetTcp.read(dir);

        try (Reader tcp = fixture("tcp")) {
            assertEquals(ProcNetTcp.parse(tcp), rows);
        }
        assertEquals(15, rows.size());
    }

    @Test
    void readFailsNamingTheDirectoryWhenBothFilesAreMissing(@TempDir Path dir) {
        IOException failure = assertThrows(IOException.class, () -> ProcNetTcp.read(dir));

        assertTrue(failure.getMessage().contains(dir.toString()), failure.getMessage());
    }

    private static void copyFixture(String name, Path dir) throws IOException {
        try (InputStream in = ProcNetTcpTest.class.getResourceAsStream("/kernel/" + name)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 80, 127.0.0.1:80",
        "0.0.0.0, 0, 0.0.0.0:0",
        "::1, 8080, [::1]:8080",
        "::, 0, [::]:0",
        "1::, 1, [1::]:1",
        "FE80::ABCD, 22, [fe80::abcd]:22",
        "2001:db8:0:1:1:1:1:1, 1, [2001:db8:0:1:1:1:1:1]:1",  // a lone zero group stays
        "2001:0:0:1:0:0:0:1, 1, [2001:0:0:1::1]:1",          // the longest run is shortened
        "2001:db8:0:0:1:0:0:1, 1, [2001:db8::1:0:0:1]:1",    // the leftmost of equal runs
        "::a00:1, 7, [::a00:1]:7",                           // IPv4-compatible is not IPv4-mapped
        "::ffff:10.1.2.3, 443, 10.1.2.3:443",
    })
    void formatsAddresses(String address, int port, String expected) throws IOException {
        assertEquals(expected, ProcNetTcp.format(InetAddress.getByName(address), port));
    }

    @Test
    void formatsMappedAddressHeldAsInet6AsIpv4() throws IOException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertInstanceOf(Inet6Address.class, address);

        assertEquals("10.1.2.3:443", ProcNetTcp.format(address, 443));
    }

    @Test
    void formatLeavesOutTheScopeId() throws IOException {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();

        assertEquals("[fe80::1]:22", ProcNetTcp.format(Inet6Address.getByAddress(null, linkLocal, 3), 22));
    }

    @Test
    void mappedRowAddressIsAnInet4Address() throws IOException {
        TcpRow mapped = parseFixture("tcp6").get(5);

        assertInstanceOf(Inet4Address.class, mapped.localAddress());
    }
}
