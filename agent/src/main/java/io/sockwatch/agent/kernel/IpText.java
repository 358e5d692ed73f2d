package io.sockwatch.agent.kernel;

/**
 * Address text as sockwatch prints it: IPv4 dotted, IPv4-mapped IPv6 as the IPv4 address users know, other IPv6
 * in RFC 5952 form in brackets. Works on raw bytes so that sockwatch never initialises {@code InetAddress}
 * (whose class initialisation loads libnet and freezes {@code java.net.preferIPv4Stack} for the application).
 */
public final class IpText {
    private IpText() {
    }

    /** "127.0.0.1", or "[::1]"; {@code address} has 4 or 16 bytes (network order). */
    public static String host(byte[] address) {
        StringBuilder text = new StringBuilder(41);
        if (address.length == 4) {
            appendDotted(text, address, 0);
        } else if (isIpv4Mapped(address)) {
            // dual-stack Java sockets live in tcp6 as ::ffff:a.b.c.d
            appendDotted(text, address, 12);
        } else {
            text.append('[');
            appendCompressedIpv6(text, address);
            text.append(']');
        }
        return text.toString();
    }

    /** {@code host:port}, the form of {@link TcpRow#local()}. */
    public static String endpoint(String host, int port) {
        return host + ':' + port;
    }

    static boolean isIpv4Mapped(byte[] ipv6) {
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
