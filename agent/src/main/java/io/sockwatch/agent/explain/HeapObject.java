package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One object read back from the dump at its record: an instance's fields by name, an object array's elements, or a
 * primitive array's bytes. Used for the handful of objects a report names, never in a pass over the heap.
 */
final class HeapObject {
    private static final int INSTANCE_DUMP = 0x21;
    private static final int OBJECT_ARRAY_DUMP = 0x22;
    private static final int CHAR = 5;

    private final HeapIndex heap;
    private final int node;
    private final String className;
    private final ClassLayout layout;
    private final ByteBuffer data;
    private final int length;
    private final int elementType;

    private HeapObject(HeapIndex heap, int node, String className, ClassLayout layout, ByteBuffer data, int length,
                       int elementType) {
        this.heap = heap;
        this.node = node;
        this.className = className;
        this.layout = layout;
        this.data = data;
        this.length = length;
        this.elementType = elementType;
    }

    static HeapObject read(HeapIndex heap, int node) throws IOException {
        HprofInput in = heap.input();
        int idSize = in.idSize();
        long offset = heap.offset(node);
        in.seek(offset);
        int tag = in.u1();
        in.record(HeapIndex.heapRecordName(tag), offset);
        in.id();
        in.u4();
        if (tag == INSTANCE_DUMP) {
            ClassLayout layout = heap.classes().byId(in.id());
            byte[] fields = in.bytes(in.u4());
            return new HeapObject(heap, node, layout.name(), layout, ByteBuffer.wrap(fields), 0, 0);
        }
        int length = in.u4();
        if (tag == OBJECT_ARRAY_DUMP) {
            String arrayClass = heap.className(in.id());
            byte[] elements = in.bytes((long) length * idSize);
            return new HeapObject(heap, node, arrayClass == null ? "Object[]" : arrayClass, null,
                    ByteBuffer.wrap(elements), length, ClassLayout.OBJECT);
        }
        int type = in.u1();
        // primitive arrays are read in full only when small: they are only ever decoded as strings
        long bytes = Math.min((long) length * ClassLayout.size(type, idSize), 1 << 16);
        return new HeapObject(heap, node, primitiveArrayName(type), null, ByteBuffer.wrap(in.bytes(bytes)), length, type);
    }

    int node() {
        return node;
    }

    String className() {
        return className;
    }

    boolean isInstance() {
        return layout != null;
    }

    boolean isInstanceOf(String name) {
        return layout != null && layout.isSubclassOf(name, heap.classes());
    }

    /** Whether its class or a superclass has a name ending with {@code suffix} (relocated copies of a library). */
    boolean hasClassEndingWith(String suffix) {
        return layout != null && layout.anyInHierarchy(name -> name.endsWith(suffix), heap.classes());
    }

    /** The first field of this name in record order (the most derived class's), or null. */
    ClassLayout.Field field(String name) {
        if (layout == null) {
            return null;
        }
        for (ClassLayout.Field f : layout.fields(heap.classes(), heap.input().idSize())) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    boolean has(String name) {
        return field(name) != null;
    }

    /** The id a reference field holds; 0 for null or no such field. */
    long reference(String name) {
        ClassLayout.Field f = field(name);
        return f == null || f.type() != ClassLayout.OBJECT ? 0 : id(f.offset());
    }

    /** An int, boolean or byte field's value; {@code absent} when there is no such field. */
    int intValue(String name, int absent) {
        ClassLayout.Field f = field(name);
        return f == null ? absent : (int) value(f);
    }

    long longValue(String name, long absent) {
        ClassLayout.Field f = field(name);
        return f == null ? absent : value(f);
    }

    /** A field's value read at its own width, whatever type the caller expects: a damaged dump may differ. */
    private long value(ClassLayout.Field f) {
        switch (ClassLayout.size(f.type(), heap.input().idSize())) {
            case 1:
                return data.get(f.offset());
            case 2:
                return data.getShort(f.offset());
            case 4:
                return data.getInt(f.offset());
            default:
                return data.getLong(f.offset());
        }
    }

    /** The field, in record order, whose reference is {@code target}; null if none. */
    ClassLayout.Field fieldHolding(long target) {
        if (layout == null) {
            return null;
        }
        for (ClassLayout.Field f : layout.fields(heap.classes(), heap.input().idSize())) {
            if (f.type() == ClassLayout.OBJECT && id(f.offset()) == target) {
                return f;
            }
        }
        return null;
    }

    int length() {
        return length;
    }

    /** The index of the first element of an object array that is {@code target}; -1 if none. */
    int indexOf(long target) {
        if (elementType != ClassLayout.OBJECT || layout != null) {
            return -1;
        }
        int idSize = heap.input().idSize();
        for (int i = 0; i < length; i++) {
            if (id(i * idSize) == target) {
                return i;
            }
        }
        return -1;
    }

    /** The text of a {@code java.lang.String}, or null when this is none (or its value is not in the dump). */
    String string() throws IOException {
        if (!"java.lang.String".equals(className)) {
            return null;
        }
        int valueNode = heap.node(reference("value"));
        if (valueNode < 0) {
            return null;
        }
        HeapObject value = read(heap, valueNode);
        byte[] raw = value.data.array();
        if (value.elementType == CHAR) {
            return new String(raw, StandardCharsets.UTF_16BE);
        }
        if (intValue("coder", 0) == 0) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        // a UTF-16 String's bytes are chars in the order of the machine that wrote them: this one
        return new String(raw, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
    }

    private long id(int offset) {
        return heap.input().idSize() == 8 ? data.getLong(offset) : data.getInt(offset) & 0xFFFF_FFFFL;
    }

    private static String primitiveArrayName(int type) {
        switch (type) {
            case 4: return "boolean[]";
            case 5: return "char[]";
            case 6: return "float[]";
            case 7: return "double[]";
            case 8: return "byte[]";
            case 9: return "short[]";
            case 10: return "int[]";
            default: return "long[]";
        }
    }
}
