package io.sockwatch.agent.explain;

import java.util.ArrayList;
import java.util.List;

/** The classes of a dump by object id: an open-addressing table, looked up once per instance record. */
final class HeapClasses {
    private static final String CLASS_DUMP = "CLASS DUMP";

    private long[] ids = new long[1024];
    private ClassLayout[] layouts = new ClassLayout[1024];
    private int count;

    void add(ClassLayout layout) throws MalformedHeapDumpException {
        if (byId(layout.id()) != null) {
            throw new MalformedHeapDumpException("class 0x" + Long.toHexString(layout.id()) + " is declared twice",
                    CLASS_DUMP, layout.offset());
        }
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

    /**
     * Once all classes are read: checks that every superclass is a class of the dump and that no chain of
     * superclasses is a cycle, and sets each class's instance size. Linear in the number of classes: a chain is
     * walked only up to the first class already linked, and a chain longer than there are classes is a cycle.
     */
    void link() throws MalformedHeapDumpException {
        List<ClassLayout> chain = new ArrayList<>();
        for (ClassLayout layout : layouts) {
            if (layout == null || layout.instanceBytes() >= 0) {
                continue;
            }
            chain.clear();
            long above = 0;
            for (ClassLayout c = layout; c != null; ) {
                if (c.instanceBytes() >= 0) {
                    above = c.instanceBytes();
                    break;
                }
                if (chain.size() == count) {
                    throw new MalformedHeapDumpException("the superclasses of class " + layout.name() + " form a cycle",
                            CLASS_DUMP, layout.offset());
                }
                chain.add(c);
                ClassLayout superclass = byId(c.superId());
                if (superclass == null && c.superId() != 0) {
                    throw new MalformedHeapDumpException("the superclass 0x" + Long.toHexString(c.superId())
                            + " of class " + c.name() + " is not in the dump", CLASS_DUMP, c.offset());
                }
                c = superclass;
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                above += chain.get(i).declaredBytes();
                chain.get(i).instanceBytes(above);
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
