package io.sockwatch.agent.explain;

/**
 * Object ids to ints, in open addressing over two arrays: no boxing, about 24 bytes per id at the largest load.
 * Its users keep it to the few objects a search touches, never one entry per object of the dump.
 */
final class IdTable {
    static final int ABSENT = -1;

    private long[] keys = new long[64];
    private int[] values = new int[64];
    private boolean[] used = new boolean[64];
    private int size;

    int size() {
        return size;
    }

    int get(long id) {
        for (int slot = slot(id, keys.length); used[slot]; slot = (slot + 1) & (keys.length - 1)) {
            if (keys[slot] == id) {
                return values[slot];
            }
        }
        return ABSENT;
    }

    boolean contains(long id) {
        return get(id) != ABSENT;
    }

    void put(long id, int value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int slot = slot(id, keys.length);
        while (used[slot] && keys[slot] != id) {
            slot = (slot + 1) & (keys.length - 1);
        }
        size += used[slot] ? 0 : 1;
        used[slot] = true;
        keys[slot] = id;
        values[slot] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    static int slot(long id, int capacity) {
        long mixed = id * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed >>> 32) & (capacity - 1);
    }
}
