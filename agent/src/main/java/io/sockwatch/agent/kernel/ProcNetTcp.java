package io.sockwatch.agent.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reader for /proc/net/tcp and /proc/net/tcp6.
 *
 * <p>Each data line is printed by the kernel (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c) as
 * {@code sl: local remote st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ...}, where an address is
 * one (IPv4) or four (IPv6) 32-bit words, each printed as a host-order {@code %08X}, and a port is
 * {@code %04X} in host order. Lines are split by hand rather than with a regex because the files can be
 * several megabytes and are re-read periodically inside the host JVM.
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

    private ProcNetTcp() {
    }

    /**
     * Parses the text of /proc/net/tcp or /proc/net/tcp6 (header line first). Rows with inode 0 (TIME_WAIT,
     * request socks, orphans) ARE returned (callers count states); malformed lines are skipped. The reader
     * is not closed.
     */
    public static List<TcpRow> parse(Reader text) throws IOException {
        return parse(text, ByteOrder.nativeOrder());
    }

    /** As {@link #parse(Reader)}, for text printed on a machine whose byte order is {@code wordOrder}. */
    static List<TcpRow> parse(Reader text, ByteOrder wordOrder) throws IOException {
        BufferedReader lines = text instanceof BufferedReader ? (BufferedReader) text : new BufferedReader(text);
        boolean littleEndian = wordOrder == ByteOrder.LITTLE_ENDIAN;
        int[] bounds = new int[2 * FIELD_COUNT];
        List<TcpRow> rows = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            TcpRow row = parseLine(line, bounds, littleEndian);
            if (row != null) {
                rows.add(row);
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /**
     * Reads and parses {@code dir/tcp} and {@code dir/tcp6} (dir is normally /proc/self/net); a missing file
     * of the two is skipped (IPv6 disabled), but if neither exists throws IOException naming the path.
     */
    public static List<TcpRow> read(Path dir) throws IOException {
        List<TcpRow> rows = new ArrayList<>();
        boolean anyFound = false;
        for (String name : new String[] {"tcp", "tcp6"}) {
            // ISO-8859-1 decodes every byte, so stray bytes cannot fail the read; /proc prints ASCII anyway.
            try (BufferedReader text = Files.newBufferedReader(dir.resolve(name), StandardCharsets.ISO_8859_1)) {
                rows.addAll(parse(text));
                anyFound = true;
            } catch (NoSuchFileException absent) {
                // tcp6 is absent when IPv6 is disabled; only both missing means dir is not a proc net dir
            }
        }
        if (!anyFound) {
            throw new NoSuchFileException(dir.toString(), null, "contains neither tcp nor tcp6");
        }
        return Collections.unmodifiableList(rows);
    }

    /** Formats an address the same way as {@link TcpRow#local()}. */
    public static String format(InetAddress address, int port) {
        byte[] bytes = address.getAddress();
        StringBuilder text = new StringBuilder(48);
        if (bytes.length == 4) {
            appendDotted(text, bytes, 0);
        } else if (isIpv4Mapped(bytes)) {
            // dual-stack Java sockets live in tcp6 as ::ffff:a.b.c.d; print them as the IPv4 peers users know
            appendDotted(text, bytes, 12);
        } else {
            text.append('[');
            appendCompressedIpv6(text, bytes);
            text.append(']');
        }
        return text.append(':').append(port).toString();
    }

    /** Returns null if the line is not a well-formed data row (the header is one such line). */
    private static TcpRow parseLine(String line, int[] bounds, boolean littleEndian) {
        if (!split(line, bounds)) {
            return null;
        }
        int slEnd = end(bounds, 0) - 1;
        if (line.charAt(slEnd) != ':' || parseDecimal(line, start(bounds, 0), slEnd) < 0) {
            return null;
        }
        int localColon = colon(line, bounds, LOCAL);
        int remoteColon = colon(line, bounds, REMOTE);
        int queuesColon = colon(line, bounds, QUEUES);
        if (localColon < 0 || remoteColon < 0 || queuesColon < 0) {
            return null;
        }
        int addressDigits = localColon - start(bounds, LOCAL);
        if (remoteColon - start(bounds, REMOTE) != addressDigits) {
            return null;
        }
        InetAddress localAddress = parseAddress(line, start(bounds, LOCAL), addressDigits, littleEndian);
        InetAddress remoteAddress = parseAddress(line, start(bounds, REMOTE), addressDigits, littleEndian);
        long localPort = parseHex(line, localColon + 1, end(bounds, LOCAL));
        long remotePort = parseHex(line, remoteColon + 1, end(bounds, REMOTE));
        long stateCode = parseHex(line, start(bounds, STATE), end(bounds, STATE));
        long txQueue = parseHex(line, start(bounds, QUEUES), queuesColon);
        long rxQueue = parseHex(line, queuesColon + 1, end(bounds, QUEUES));
        long uid = parseDecimal(line, start(bounds, UID), end(bounds, UID));
        long inode = parseDecimal(line, start(bounds, INODE), end(bounds, INODE));
        if (localAddress == null || remoteAddress == null
                || localPort < 0 || localPort > 0xFFFF || remotePort < 0 || remotePort > 0xFFFF
                || stateCode < 0 || stateCode > 0xFF
                || txQueue < 0 || txQueue > MAX_U32 || rxQueue < 0 || rxQueue > MAX_U32
                || uid < 0 || uid > MAX_U32 || inode < 0) {
            return null;
        }
        return new TcpRow(inode, TcpState.ofCode((int) stateCode), localAddress, (int) localPort,
                remoteAddress, (int) remotePort, txQueue, rxQueue, (int) uid);
    }

    /**
     * Records start and end of the first {@link #FIELD_COUNT} whitespace-separated fields in {@code bounds};
     * false if the line has fewer.
     */
    private static boolean split(String line, int[] bounds) {
        int length = line.length();
        int position = 0;
        for (int field = 0; field < FIELD_COUNT; field++) {
            while (position < length && line.charAt(position) <= ' ') {
                position++;
            }
            if (position == length) {
                return false;
            }
            bounds[2 * field] = position;
            while (position < length && line.charAt(position) > ' ') {
                position++;
            }
            bounds[2 * field + 1] = position;
        }
        return true;
    }

    private static int start(int[] bounds, int field) {
        return bounds[2 * field];
    }

    private static int end(int[] bounds, int field) {
        return bounds[2 * field + 1];
    }

    /** Index of the first ':' inside the field, or -1. */
    private static int colon(String line, int[] bounds, int field) {
        int index = line.indexOf(':', start(bounds, field));
        return index < end(bounds, field) ? index : -1;
    }

    /** Decodes 8 or 32 hex digits of host-order 32-bit words; null for any other length or a non-hex digit. */
    private static InetAddress parseAddress(String line, int start, int digits, boolean littleEndian) {
        if (digits != IPV4_HEX_DIGITS && digits != IPV6_HEX_DIGITS) {
            return null;
        }
        byte[] bytes = new byte[digits / 2];
        for (int i = 0; i < bytes.length; i++) {
            // the kernel prints each network-order word as a host-order u32: on little-endian hosts the
            // word's first byte is printed last
            int byteInWord = i % 4;
            int printedPosition = littleEndian ? (i - byteInWord) + (3 - byteInWord) : i;
            int digitIndex = start + 2 * printedPosition;
            int high = hexDigit(line.charAt(digitIndex));
            int low = hexDigit(line.charAt(digitIndex + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        try {
            // never resolves names; turns ::ffff:a.b.c.d into an Inet4Address
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            // only thrown for lengths other than 4 and 16, which were rejected above
            return null;
        }
    }

    /** Unsigned hex value of text[start, end); -1 if empty, not hex, or too long for a long. */
    static long parseHex(CharSequence text, int start, int end) {
        if (start >= end || end - start > 15) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Value of an ASCII hex digit, or -1 (unlike Character.digit, rejects non-ASCII digits). */
    private static int hexDigit(char c) {
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
    static long parseDecimal(CharSequence text, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isIpv4Mapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        return ipv6[10] == (byte) 0xFF && ipv6[11] == (byte) 0xFF;
    }

    private static void appendDotted(StringBuilder text, byte[] bytes, int offset) {
        for (int i = offset; i < offset + 4; i++) {
            if (i > offset) {
                text.append('.');
            }
            text.append(bytes[i] & 0xFF);
        }
    }

    /** RFC 5952 text: lowercase, no leading zeros, the longest run (leftmost on ties) of 2+ zero groups as "::". */
    private static void appendCompressedIpv6(StringBuilder text, byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | (bytes[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 1; // a single zero group is never shortened
        for (int i = 0; i < 8; i++) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > runLength) {
                    runStart = i;
                    runLength = j - i;
                }
                i = j;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
            } else {
                if (i > 0 && i != runStart + runLength) {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
    }
}
