package io.sockwatch.agent.explain;

/** The classes of a dump by object id: an open-addressing table, looked up once per instance record. */
final class HeapClasses {
    private long[] ids = new long[1024];
    private ClassLayout[] layouts = new ClassLayout[1024];
    private int count;

    void add(ClassLayout layout) {
        if (2 * (count + 1) > ids.length) {
            grow();
        }
        insert(layout);
        count++;
    }

    /** The class with this id, or null (0, the super of java.lang.Object, is none). */
    ClassLayout byId(long id) {
        if (id == 0) {
            return null;
        }
        for (int slot = slot(id, ids.length); ; slot = (slot + 1) & (ids.length - 1)) {
            if (layouts[slot] == null) {
                return null;
            }
            if (ids[slot] == id) {
                return layouts[slot];
            }
        }
    }

    private void insert(ClassLayout layout) {
        int slot = slot(layout.id(), ids.length);
        while (layouts[slot] != null && ids[slot] != layout.id()) {
            slot = (slot + 1) & (ids.length - 1);
        }
        ids[slot] = layout.id();
        layouts[slot] = layout;
    }

    private void grow() {
        ClassLayout[] old = layouts;
        ids = new long[old.length * 2];
        layouts = new ClassLayout[old.length * 2];
        for (ClassLayout layout : old) {
            if (layout != null) {
                insert(layout);
            }
        }
    }

    private static int slot(long id, int capacity) {
        long mixed = id * 0x9E37_79B9_7F4A_7C15L;
        return (int) (mixed >>> 40) & (capacity - 1);
    }
}
