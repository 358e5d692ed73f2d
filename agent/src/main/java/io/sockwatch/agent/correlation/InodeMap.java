package io.sockwatch.agent.correlation;

/**
 * Inodes the correlation wants rows for, as an open-addressing set of primitive longs: the table filter asks it
 * once per row of the namespace, hundreds of thousands per scan, and must not box. Inode 0 is never a member.
 */
final class InodeSet {
    private long[] slots;
    private int size;

    InodeSet() {
        this(32);
    }

    /** A set sized for {@code expected} inodes, so that filling it reallocates nothing. */
    InodeSet(int expected) {
        slots = new long[Integer.highestOneBit(2 * expected + 1) << 1];
    }

    void add(long inode) {
        if (inode <= 0) {
            return;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int i = indexOf(slots, inode);
        if (slots[i] == 0) {
            slots[i] = inode;
            size++;
        }
    }

    boolean contains(long inode) {
        return inode > 0 && slots[indexOf(slots, inode)] == inode;
    }

    /** The slot holding {@code inode}, or the empty slot where it belongs. */
    private static int indexOf(long[] slots, long inode) {
        int mask = slots.length - 1;
        int i = (int) (inode * 0x9E3779B97F4A7C15L >>> 32) & mask;
        while (slots[i] != 0 && slots[i] != inode) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long inode : old) {
            if (inode != 0) {
                slots[indexOf(slots, inode)] = inode;
            }
        }
    }

}
