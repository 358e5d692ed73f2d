package io.sockwatch.agent.kernel;

import java.util.Arrays;

/**
 * {@link IpText#host} text made once per IPv4 address instead of once per row and scan: every scan turns the
 * addresses of thousands of sockets into text, and they share a few local addresses and peers. IPv4-mapped IPv6
 * addresses print as IPv4 and share the entry; other IPv6 text is made each time. Holds up to {@link #CAPACITY}
 * addresses, emptied when full. One instance per scanning thread.
 */
public final class HostTexts {
    private static final int CAPACITY = 2048;
    private static final int SLOTS = 2 * CAPACITY; // a power of two, half empty: short probe runs

    private final int[] addresses = new int[SLOTS];
    private final String[] texts = new String[SLOTS];
    private int size;

    /** The text of 4 or 16 address bytes (network order), shared with earlier calls for the same IPv4 address. */
    public String host(byte[] address) {
        int offset;
        if (address.length == 4) {
            offset = 0;
        } else if (IpText.isIpv4Mapped(address)) {
            offset = 12;
        } else {
            return IpText.host(address);
        }
        int ipv4 = (address[offset] & 0xFF) << 24 | (address[offset + 1] & 0xFF) << 16
                | (address[offset + 2] & 0xFF) << 8 | address[offset + 3] & 0xFF;
        int slot = slot(ipv4);
        while (texts[slot] != null) {
            if (addresses[slot] == ipv4) {
                return texts[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        if (size == CAPACITY) {
            Arrays.fill(texts, null);
            size = 0;
            slot = slot(ipv4);
        }
        String text = IpText.host(address);
        addresses[slot] = ipv4;
        texts[slot] = text;
        size++;
        return text;
    }

    private static int slot(int ipv4) {
        return (ipv4 * 0x9E3779B9) >>> 20 & (SLOTS - 1);
    }
}
