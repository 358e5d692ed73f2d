package io.sockwatch.agent.kernel;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for /proc/net/tcp and /proc/net/tcp6.
 *
 * <p>Each data line is printed by the kernel (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c) as
 * {@code sl: local remote st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ...}, where an address is
 * one (IPv4) or four (IPv6) 32-bit words, each printed as a host-order {@code %08X}, and a port is
 * {@code %04X} in host order. The files hold every socket of the namespace (hundreds of thousands of TIME_WAIT
 * rows on a busy host) and are re-read every scan inside the host JVM, so lines are parsed as bytes in a reused
 * buffer, and only the rows a {@link RowFilter} wants become objects.
 *
 * <p>One instance per scanning thread: it reuses its buffers and is not thread-safe.
 */
public final class ProcNetTcp {
    /** sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode; later columns vary by socket kind. */
    private static final int FIELD_COUNT = 10;
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    private static final int STATE = 3;
    private static final int QUEUES = 4;
    private static final int UID = 7;
    private static final int INODE = 9;

    private static final int IPV4_HEX_DIGITS = 8;
    private static final int IPV6_HEX_DIGITS = 32;
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final boolean littleEndian;
    private final byte[] buffer;
    private final int[] bounds = new int[2 * FIELD_COUNT];
    private final byte[] ipv4 = new byte[4];
    private final byte[] ipv6 = new byte[16];
    private final HostTexts hosts = new HostTexts();

    /** A reader for this machine's tables. */
    public ProcNetTcp() {
        this(ByteOrder.nativeOrder(), BUFFER_BYTES);
    }

    /** A reader for text printed on a machine whose byte order is {@code wordOrder}, reading bufferBytes at a time. */
    ProcNetTcp(ByteOrder wordOrder, int bufferBytes) {
        this.littleEndian = wordOrder == ByteOrder.LITTLE_ENDIAN;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Reads {@code dir/tcp} and {@code dir/tcp6} (dir is normally /proc/self/net); a missing file of the two is
     * skipped (IPv6 disabled), but if neither exists throws IOException naming the path.
     */
    public KernelTable read(Path dir, RowFilter filter) throws IOException {
        List<TcpRow> rows = new ArrayList<>();
        int[] stateCounts = new int[TcpState.values().length];
        boolean anyFound = false;
        for (String name : new String[] {"tcp", "tcp6"}) {
            File file = dir.resolve(name).toFile();
            // FileInputStream, not Files.newInputStream: a FileChannel initialises sun.nio.ch.IOUtil, which loads
            // libnet and so fixes java.net.preferIPv4Stack before the application may have set it.
            try (InputStream text = new FileInputStream(file)) {
                parse(text, filter, rows, stateCounts);
                anyFound = true;
            } catch (FileNotFoundException e) {
                if (file.exists()) {
                    throw e; // there but unreadable
                }
                // tcp6 is absent when IPv6 is disabled; only both missing means dir is not a proc net dir
            }
        }
        if (!anyFound) {
            throw new NoSuchFileException(dir.toString(), null, "contains neither tcp nor tcp6");
        }
        return new KernelTable(rows, stateCounts);
    }

    /** Parses one table's text (header line first); the stream is not closed. */
    KernelTable parse(InputStream text, RowFilter filter) throws IOException {
        List<TcpRow> rows = new ArrayList<>();
        int[] stateCounts = new int[TcpState.values().length];
        parse(text, filter, rows, stateCounts);
        return new KernelTable(rows, stateCounts);
    }

    /**
     * Counts every well-formed row's state and adds the wanted ones to {@code rows}; malformed lines (the header
     * is one) are skipped.
     */
    private void parse(InputStream text, RowFilter filter, List<TcpRow> rows, int[] stateCounts) throws IOException {
        int filled = 0;
        boolean overlong = false; // inside a line longer than the buffer, which no kernel prints: dropped
        for (int read; (read = text.read(buffer, filled, buffer.length - filled)) >= 0; ) {
            int scanFrom = filled;
            filled += read;
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buffer[i] == '\n') {
                    if (!overlong) {
                        parseLine(lineStart, i, filter, rows, stateCounts);
                    }
                    overlong = false;
                    lineStart = i + 1;
                }
            }
            int rest = filled - lineStart;
            if (rest == buffer.length) {
                overlong = true;
                rest = 0;
            }
            System.arraycopy(buffer, lineStart, buffer, 0, rest);
            filled = rest;
        }
        if (filled > 0 && !overlong) {
            parseLine(0, filled, filter, rows, stateCounts);
        }
    }

    private void parseLine(int start, int end, RowFilter filter, List<TcpRow> rows, int[] stateCounts) {
        byte[] line = buffer;
        if (!split(line, start, end)) {
            return;
        }
        int slEnd = end(0) - 1;
        if (line[slEnd] != ':' || parseDecimal(line, start(0), slEnd) < 0) {
            return;
        }
        int localColon = colon(line, LOCAL);
        int remoteColon = colon(line, REMOTE);
        int queuesColon = colon(line, QUEUES);
        if (localColon < 0 || remoteColon < 0 || queuesColon < 0) {
            return;
        }
        int addressDigits = localColon - start(LOCAL);
        if (addressDigits != IPV4_HEX_DIGITS && addressDigits != IPV6_HEX_DIGITS
                || remoteColon - start(REMOTE) != addressDigits
                || !isHex(line, start(LOCAL), localColon) || !isHex(line, start(REMOTE), remoteColon)) {
            return;
        }
        long localPort = parseHex(line, localColon + 1, end(LOCAL));
        long remotePort = parseHex(line, remoteColon + 1, end(REMOTE));
        long stateCode = parseHex(line, start(STATE), end(STATE));
        long txQueue = parseHex(line, start(QUEUES), queuesColon);
        long rxQueue = parseHex(line, queuesColon + 1, end(QUEUES));
        long uid = parseDecimal(line, start(UID), end(UID));
        long inode = parseDecimal(line, start(INODE), end(INODE));
        if (localPort < 0 || localPort > 0xFFFF || remotePort < 0 || remotePort > 0xFFFF
                || stateCode < 0 || stateCode > 0xFF
                || txQueue < 0 || txQueue > MAX_U32 || rxQueue < 0 || rxQueue > MAX_U32
                || uid < 0 || uid > MAX_U32 || inode < 0) {
            return;
        }
        TcpState state = TcpState.ofCode((int) stateCode);
        stateCounts[state.ordinal()]++;
        if (filter.wants(state, inode, (int) localPort)
                && !filter.isKnown(inode, state, (int) localPort, (int) remotePort, txQueue, rxQueue)) {
            rows.add(new TcpRow(inode, state, host(line, start(LOCAL), addressDigits), (int) localPort,
                    host(line, start(REMOTE), addressDigits), (int) remotePort, txQueue, rxQueue, (int) uid));
        }
    }

    /**
     * Records start and end of the first {@link #FIELD_COUNT} whitespace-separated fields of line[from, to) in
     * {@code bounds}; false if the line has fewer.
     */
    private boolean split(byte[] line, int from, int to) {
        int position = from;
        for (int field = 0; field < FIELD_COUNT; field++) {
            while (position < to && line[position] <= ' ') {
                position++;
            }
            if (position == to) {
                return false;
            }
            bounds[2 * field] = position;
            while (position < to && line[position] > ' ') {
                position++;
            }
            bounds[2 * field + 1] = position;
        }
        return true;
    }

    private int start(int field) {
        return bounds[2 * field];
    }

    private int end(int field) {
        return bounds[2 * field + 1];
    }

    /** Index of the first ':' inside the field, or -1. */
    private int colon(byte[] line, int field) {
        for (int i = start(field); i < end(field); i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    /** Decodes 8 or 32 validated hex digits of host-order 32-bit words into address text. */
    private String host(byte[] line, int start, int digits) {
        byte[] bytes = digits == IPV4_HEX_DIGITS ? ipv4 : ipv6;
        for (int i = 0; i < bytes.length; i++) {
            // the kernel prints each network-order word as a host-order u32: on little-endian hosts the
            // word's first byte is printed last
            int byteInWord = i % 4;
            int printedPosition = littleEndian ? (i - byteInWord) + (3 - byteInWord) : i;
            int digitIndex = start + 2 * printedPosition;
            bytes[i] = (byte) (hexDigit(line[digitIndex]) << 4 | hexDigit(line[digitIndex + 1]));
        }
        return hosts.host(bytes);
    }

    private static boolean isHex(byte[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (hexDigit(text[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Unsigned hex value of text[start, end); -1 if empty, not hex, or too long for a long. */
    private static long parseHex(byte[] text, int start, int end) {
        if (start >= end || end - start > 15) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = hexDigit(text[i]);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Value of an ASCII hex digit, or -1. */
    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** Unsigned decimal value of text[start, end); -1 if empty, not decimal, or too long for a long. */
    private static long parseDecimal(byte[] text, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
