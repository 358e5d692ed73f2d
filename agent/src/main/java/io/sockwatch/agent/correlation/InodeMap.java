package io.sockwatch.agent.correlation;

import java.util.Arrays;

/**
 * Inodes, each with an int, as an open-addressing map of primitives: the table filter asks it once per row of the
 * namespace, hundreds of thousands per scan, and must not box. Inode 0 is never a key. At most three quarters
 * full: a scan of 10k sockets makes 192 KB of it, not twice that.
 */
final class InodeMap {
    /** The value of an inode added without one, and of one absent. */
    static final int NONE = -1;

    private long[] inodes;
    private int[] values;
    private int size;

    InodeMap() {
        this(16);
    }

    /** A map sized for {@code expected} inodes, so that filling it reallocates nothing. */
    InodeMap(int expected) {
        inodes = new long[slotsFor(expected)];
        values = new int[inodes.length];
    }

    /** Empties the map for {@code expected} inodes, in its own arrays when they are big enough. */
    void clear(int expected) {
        if (inodes.length < slotsFor(expected)) {
            inodes = new long[slotsFor(expected)];
            values = new int[inodes.length];
        } else {
            Arrays.fill(inodes, 0);
        }
        size = 0;
    }

    /** The smallest power of two that holds {@code expected} at most three quarters full. */
    private static int slotsFor(int expected) {
        return Math.max(16, Integer.highestOneBit(Math.max(1, expected * 4 / 3)) << 1);
    }

    void add(long inode) {
        put(inode, NONE);
    }

    void put(long inode, int value) {
        if (inode <= 0) {
            return;
        }
        if (4 * (size + 1) > 3 * inodes.length) {
            grow();
        }
        int i = indexOf(inodes, inode);
        if (inodes[i] == 0) {
            inodes[i] = inode;
            size++;
        }
        values[i] = value;
    }

    boolean contains(long inode) {
        return inode > 0 && inodes[indexOf(inodes, inode)] == inode;
    }

    /** The inode's value, {@link #NONE} when absent. */
    int get(long inode) {
        if (inode <= 0) {
            return NONE;
        }
        int i = indexOf(inodes, inode);
        return inodes[i] == inode ? values[i] : NONE;
    }

    /** The slot holding {@code inode}, or the empty slot where it belongs. */
    private static int indexOf(long[] inodes, long inode) {
        int mask = inodes.length - 1;
        int i = (int) (inode * 0x9E3779B97F4A7C15L >>> 32) & mask;
        while (inodes[i] != 0 && inodes[i] != inode) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldInodes = inodes;
        int[] oldValues = values;
        inodes = new long[oldInodes.length * 2];
        values = new int[inodes.length];
        for (int j = 0; j < oldInodes.length; j++) {
            if (oldInodes[j] != 0) {
                int i = indexOf(inodes, oldInodes[j]);
                inodes[i] = oldInodes[j];
                values[i] = oldValues[j];
            }
        }
    }
}
