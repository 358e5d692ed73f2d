package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One streaming pass over an HPROF file (1.0.2, as HotSpot writes it), kept as compact arrays: every object's id
 * and file offset, the references between non-primitive objects, the GC roots and the threads' stacks. About 32
 * bytes per object plus 8 per reference; field values are read back from the file only for the few objects a
 * report names. A damaged or hostile file ends in a {@link MalformedHeapDumpException} naming the record: every
 * length and count is checked against the bytes its record has left before anything is allocated or skipped, and the
 * class hierarchy is checked before the first instance uses it.
 */
final class HeapIndex implements AutoCloseable {
    private static final String MAGIC = "JAVA PROFILE 1.0.2";

    private static final int UTF8 = 0x01;
    private static final int LOAD_CLASS = 0x02;
    private static final int STACK_FRAME = 0x04;
    private static final int STACK_TRACE = 0x05;
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;
    private static final int HEAP_DUMP_END = 0x2C;

    private static final int ROOT_UNKNOWN = 0xFF;
    private static final int ROOT_JNI_GLOBAL = 0x01;
    private static final int ROOT_JNI_LOCAL = 0x02;
    private static final int ROOT_JAVA_FRAME = 0x03;
    private static final int ROOT_NATIVE_STACK = 0x04;
    private static final int ROOT_STICKY_CLASS = 0x05;
    private static final int ROOT_THREAD_BLOCK = 0x06;
    private static final int ROOT_MONITOR_USED = 0x07;
    private static final int ROOT_THREAD_OBJECT = 0x08;
    private static final int CLASS_DUMP = 0x20;
    private static final int INSTANCE_DUMP = 0x21;
    private static final int OBJECT_ARRAY_DUMP = 0x22;
    private static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    private final HprofInput input;
    private final java.util.function.Predicate<String> kept;
    private final List<Integer> keptInstances = new ArrayList<>();
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private final Map<Integer, String> classNamesBySerial = new HashMap<>();
    private final Map<Long, StackFrame> frames = new HashMap<>();
    private final Map<Integer, List<StackFrame>> traces = new HashMap<>();
    private final Map<Integer, Integer> traceOfThread = new HashMap<>();
    private final HeapClasses classes = new HeapClasses();
    private final List<ClassLayout> classList = new ArrayList<>();
    private final List<GcRoot> roots = new ArrayList<>();

    private final LongArray ids = new LongArray();
    private final LongArray offsets = new LongArray();
    /** Per object, where its references start in {@link #references}; one extra entry closes the last. */
    private final LongArray referenceStarts = new LongArray();
    /** Referenced ids during the pass, then the node index each resolves to (-1: not an object of the index). */
    private final LongArray references = new LongArray();
    private long[] sortedIds;
    private int[] nodeOfSorted;
    /** Set at the first instance: the class hierarchy is checked and complete from there on. */
    private boolean classesLinked;

    private HeapIndex(HprofInput input, java.util.function.Predicate<String> kept) {
        this.input = input;
        this.kept = kept;
    }

    /**
     * Reads the dump; a {@link MalformedHeapDumpException} when it is no HPROF file, is truncated or damaged.
     *
     * @param kept names of the classes whose instances, and their subclasses', {@link #keptInstances()} lists
     */
    static HeapIndex read(Path dump, java.util.function.Predicate<String> kept) throws IOException {
        HprofInput input = HprofInput.open(dump);
        try {
            HeapIndex index = new HeapIndex(input, kept);
            index.readAll();
            return index;
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void readAll() throws IOException {
        readHeader();
        // a file cut between two records is told by the heap dump it lacks, or its segments' missing end
        boolean heapComplete = false;
        while (!input.atEnd()) {
            long start = input.position();
            int tag = input.u1();
            input.record(recordName(tag), start);
            input.u4(); // microseconds since the header's time
            long length = input.u4() & 0xFFFF_FFFFL;
            long end = input.position() + length;
            if (end > input.size()) {
                throw input.malformed("its length of " + length + " bytes runs past the end of the file ("
                        + input.size() + " bytes): it is truncated");
            }
            switch (tag) {
                case UTF8:
                    if (length < input.idSize()) {
                        throw input.malformed("a length of " + length + " bytes, less than an identifier");
                    }
                    long id = input.id();
                    strings.put(id, new String(input.bytes(length - input.idSize()), StandardCharsets.UTF_8));
                    break;
                case LOAD_CLASS:
                    int serial = input.u4();
                    long classId = input.id();
                    input.u4();
                    String name = javaName(strings.get(input.id()));
                    classNames.put(classId, name);
                    classNamesBySerial.put(serial, name);
                    break;
                case STACK_FRAME:
                    readFrame();
                    break;
                case STACK_TRACE:
                    readTrace(end);
                    break;
                case HEAP_DUMP:
                case HEAP_DUMP_SEGMENT:
                    readHeap(end);
                    heapComplete = tag == HEAP_DUMP;
                    break;
                case HEAP_DUMP_END:
                    heapComplete = true;
                    break;
                default:
                    break;
            }
            if (input.position() > end) {
                input.record(recordName(tag), start);
                throw input.malformed("its content runs past its length of " + length + " bytes");
            }
            input.seek(end);
        }
        if (!heapComplete) {
            input.record(recordName(HEAP_DUMP_END), input.size());
            throw input.malformed("the file ends before the heap dump does: it is truncated");
        }
        linkClasses();
        referenceStarts.add(references.size());
        if (ids.size() > Integer.MAX_VALUE - 8) {
            throw new IOException("the heap dump holds " + ids.size() + " objects, more than sockwatch can index");
        }
        indexIds();
        resolveReferences();
    }

    private void linkClasses() throws MalformedHeapDumpException {
        if (!classesLinked) {
            classes.link();
            classesLinked = true;
        }
    }

    private void readHeader() throws IOException {
        StringBuilder magic = new StringBuilder();
        for (int c; magic.length() <= MAGIC.length() && !input.atEnd() && (c = input.u1()) != 0; ) {
            magic.append((char) c);
        }
        if (!magic.toString().equals(MAGIC) || input.size() - input.position() < 12) {
            throw input.malformed("not a heap dump in the HPROF format (" + MAGIC + ")");
        }
        int idSize = input.u4();
        if (idSize != 4 && idSize != 8) {
            throw input.malformed("an identifier size of " + idSize + " bytes; HotSpot writes 4 or 8");
        }
        input.idSize(idSize);
        input.u8(); // time of the dump
    }

    private void readFrame() throws IOException {
        long frameId = input.id();
        String method = strings.get(input.id());
        input.id(); // signature
        String source = strings.get(input.id());
        int classSerial = input.u4();
        int line = input.u4();
        frames.put(frameId, new StackFrame(classNamesBySerial.getOrDefault(classSerial, "?"), method, source, line));
    }

    private void readTrace(long end) throws IOException {
        int serial = input.u4();
        input.u4(); // thread serial: the thread roots name it too
        int count = input.u4();
        fits(count, input.idSize(), end, "frames");
        List<StackFrame> trace = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long frameId = input.id();
            StackFrame frame = frames.get(frameId);
            if (frame == null) {
                throw input.malformed("frame 0x" + Long.toHexString(frameId) + " is not in the dump");
            }
            trace.add(frame);
        }
        traces.put(serial, Collections.unmodifiableList(trace));
    }

    private void readHeap(long end) throws IOException {
        int idSize = input.idSize();
        while (input.position() < end) {
            long recordStart = input.position();
            int tag = input.u1();
            input.record(heapRecordName(tag), recordStart);
            switch (tag) {
                case ROOT_UNKNOWN:
                case ROOT_STICKY_CLASS:
                case ROOT_MONITOR_USED:
                    roots.add(GcRoot.other(GcRoot.Kind.VM, input.id()));
                    break;
                case ROOT_JNI_GLOBAL:
                    roots.add(GcRoot.other(GcRoot.Kind.JNI_GLOBAL, input.id()));
                    input.id();
                    break;
                case ROOT_JNI_LOCAL:
                    roots.add(GcRoot.other(GcRoot.Kind.VM, input.id()));
                    input.skip(8);
                    break;
                case ROOT_JAVA_FRAME: {
                    long object = input.id();
                    int thread = input.u4();
                    roots.add(GcRoot.frame(object, thread, input.u4()));
                    break;
                }
                case ROOT_NATIVE_STACK:
                case ROOT_THREAD_BLOCK:
                    roots.add(GcRoot.other(GcRoot.Kind.VM, input.id()));
                    input.skip(4);
                    break;
                case ROOT_THREAD_OBJECT: {
                    long object = input.id();
                    int thread = input.u4();
                    traceOfThread.put(thread, input.u4());
                    roots.add(GcRoot.thread(object, thread));
                    break;
                }
                case CLASS_DUMP:
                    readClass(recordStart);
                    break;
                case INSTANCE_DUMP:
                    readInstance(recordStart);
                    break;
                case OBJECT_ARRAY_DUMP:
                    readObjectArray(recordStart, end);
                    break;
                case PRIMITIVE_ARRAY_DUMP: {
                    addNode(input.id(), recordStart);
                    input.u4();
                    int length = input.u4();
                    int type = input.u1();
                    if (type == ClassLayout.OBJECT || !ClassLayout.isBasicType(type)) {
                        throw input.malformed("an array of the unknown primitive type " + type);
                    }
                    fits(length, ClassLayout.size(type, idSize), end, "elements");
                    input.skip((long) length * ClassLayout.size(type, idSize));
                    break;
                }
                default:
                    throw input.malformed("an unknown kind of heap record: the file is damaged or not written by"
                            + " HotSpot");
            }
            if (input.position() > end) {
                throw input.malformed("it runs past the end of its heap dump segment, at byte " + end);
            }
        }
    }

    /** Fails unless {@code count} items of {@code size} bytes fit in what is left of the record ending at end. */
    private void fits(int count, int size, long end, String items) throws MalformedHeapDumpException {
        if (count < 0 || (long) count * size > end - input.position()) {
            throw input.malformed((count & 0xFFFF_FFFFL) + " " + items + " of " + size + " bytes, more than the "
                    + (end - input.position()) + " bytes left in the record");
        }
    }

    /** The type of a field or constant, which must be an HPROF basic type. */
    private int basicType() throws IOException {
        int type = input.u1();
        if (!ClassLayout.isBasicType(type)) {
            throw input.malformed("a field of the unknown type " + type);
        }
        return type;
    }

    private void readClass(long recordStart) throws IOException {
        if (classesLinked) {
            throw input.malformed("a class dump after the first instance; HotSpot writes all classes first");
        }
        int idSize = input.idSize();
        long id = input.id();
        input.u4();
        long superId = input.id();
        String name = classNames.getOrDefault(id, "class@" + Long.toHexString(id));
        if (superId == id) {
            throw input.malformed("class " + name + " is its own superclass");
        }
        input.skip(5L * idSize); // loader, signers, protection domain, two reserved
        input.u4(); // instance size
        int constants = input.u2();
        for (int i = 0; i < constants; i++) {
            input.u2();
            input.skip(ClassLayout.size(basicType(), idSize));
        }
        List<GcRoot> statics = new ArrayList<>();
        int staticCount = input.u2();
        for (int i = 0; i < staticCount; i++) {
            String field = strings.get(input.id());
            int type = basicType();
            if (type == ClassLayout.OBJECT) {
                long value = input.id();
                if (value != 0) {
                    statics.add(GcRoot.staticField(value, null, field));
                }
            } else {
                input.skip(ClassLayout.size(type, idSize));
            }
        }
        int fieldCount = input.u2();
        List<ClassLayout.Field> fields = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            String field = strings.get(input.id());
            fields.add(new ClassLayout.Field(field, basicType()));
        }
        ClassLayout layout = new ClassLayout(id, superId, name, Collections.unmodifiableList(fields), recordStart,
                idSize);
        classes.add(layout);
        classList.add(layout);
        for (GcRoot s : statics) {
            roots.add(GcRoot.staticField(s.objectId(), layout, s.staticField()));
        }
    }

    private void readInstance(long recordStart) throws IOException {
        long id = input.id();
        input.u4();
        long classId = input.id();
        int length = input.u4();
        linkClasses();
        ClassLayout layout = classes.byId(classId);
        if (layout == null) {
            throw input.malformed("instance 0x" + Long.toHexString(id) + " of a class the dump never declared");
        }
        if (length != layout.instanceBytes()) {
            throw input.malformed("instance 0x" + Long.toHexString(id) + " has " + length + " bytes of fields where its class "
                    + layout.name() + " declares " + layout.instanceBytes());
        }
        if (layout.kept(kept, classes)) {
            keptInstances.add(nodeCount());
        }
        addNode(id, recordStart);
        input.require(length);
        for (int offset : layout.followedReferences(classes, input.idSize())) {
            long value = input.idAt(offset);
            if (value != 0) {
                references.add(value);
            }
        }
        input.skip(length);
    }

    private void readObjectArray(long recordStart, long end) throws IOException {
        addNode(input.id(), recordStart);
        input.u4();
        int length = input.u4();
        input.id(); // array class
        fits(length, input.idSize(), end, "elements");
        for (int i = 0; i < length; i++) {
            long value = input.id();
            if (value != 0) {
                references.add(value);
            }
        }
    }

    private void addNode(long id, long recordStart) {
        ids.add(id);
        offsets.add(recordStart);
        referenceStarts.add(references.size());
    }

    /** Ids are addresses; a serial dump lists them ascending, a parallel one (JDK 21+) in ascending runs. */
    private void indexIds() throws IOException {
        int nodeCount = nodeCount();
        long[] sorted = new long[nodeCount];
        boolean ascending = true;
        for (int i = 0; i < nodeCount; i++) {
            sorted[i] = ids.get(i);
            ascending &= i == 0 || sorted[i] > sorted[i - 1];
        }
        if (!ascending) {
            nodeOfSorted = sortedOrder(sorted);
            for (int i = 0; i < nodeCount; i++) {
                sorted[i] = ids.get(nodeOfSorted[i]);
            }
        }
        sortedIds = sorted;
    }

    /** Node indices ordered by id; fails when an id is there twice. */
    private int[] sortedOrder(long[] keys) throws IOException {
        // ids are unique: a node's rank is where its id falls in the sorted copy
        long[] sortedKeys = keys.clone();
        Arrays.sort(sortedKeys);
        for (int i = 1; i < sortedKeys.length; i++) {
            if (sortedKeys[i] == sortedKeys[i - 1]) {
                throw twice(keys, sortedKeys[i]);
            }
        }
        int[] order = new int[keys.length];
        for (int node = 0; node < keys.length; node++) {
            order[Arrays.binarySearch(sortedKeys, keys[node])] = node;
        }
        return order;
    }

    /** The error for an object id that two records have: named at the second. */
    private IOException twice(long[] keys, long id) throws IOException {
        int second = -1;
        for (int node = 0, seen = 0; second < 0; node++) {
            seen += keys[node] == id ? 1 : 0;
            second = seen == 2 ? node : -1;
        }
        input.seek(offset(second));
        input.record(heapRecordName(input.u1()), offset(second));
        return input.malformed("object 0x" + Long.toHexString(id) + " is in the dump twice");
    }

    private void resolveReferences() {
        for (long i = 0, n = references.size(); i < n; i++) {
            references.set(i, node(references.get(i)));
        }
    }

    /** The node index of the object with this id; -1 for classes, which are not nodes, and unknown ids. */
    int node(long id) {
        int at = Arrays.binarySearch(sortedIds, id);
        if (at < 0) {
            return -1;
        }
        return nodeOfSorted == null ? at : nodeOfSorted[at];
    }

    /** During the pass, the objects indexed so far. */
    int nodeCount() {
        return (int) ids.size();
    }

    /** Nodes of the instances of the classes the reader was asked to keep, in file order. */
    List<Integer> keptInstances() {
        return keptInstances;
    }

    long id(int node) {
        return ids.get(node);
    }

    /** File offset of the node's record. */
    long offset(int node) {
        return offsets.get(node);
    }

    long referencesStart(int node) {
        return referenceStarts.get(node);
    }

    long referencesEnd(int node) {
        return referenceStarts.get(node + 1L);
    }

    /** The node a reference points to, -1 if it points outside the index. */
    int reference(long index) {
        return (int) references.get(index);
    }

    List<GcRoot> roots() {
        return roots;
    }

    List<ClassLayout> classList() {
        return classList;
    }

    HeapClasses classes() {
        return classes;
    }

    String className(long classId) {
        return classNames.get(classId);
    }

    /** The frames of the thread with this serial, innermost first; empty if the dump has none. */
    List<StackFrame> stackOfThread(int threadSerial) {
        Integer trace = traceOfThread.get(threadSerial);
        return trace == null ? List.of() : traces.getOrDefault(trace, List.of());
    }

    HprofInput input() {
        return input;
    }

    /** How the format's documentation names a top-level record, for error messages. */
    private static String recordName(int tag) {
        switch (tag) {
            case UTF8: return "UTF8";
            case LOAD_CLASS: return "LOAD CLASS";
            case STACK_FRAME: return "STACK FRAME";
            case STACK_TRACE: return "STACK TRACE";
            case HEAP_DUMP: return "HEAP DUMP";
            case HEAP_DUMP_SEGMENT: return "HEAP DUMP SEGMENT";
            case HEAP_DUMP_END: return "HEAP DUMP END";
            default: return "tag 0x" + Integer.toHexString(tag);
        }
    }

    /** How the format's documentation names a record inside a heap dump segment. */
    static String heapRecordName(int tag) {
        switch (tag) {
            case ROOT_UNKNOWN: return "ROOT UNKNOWN";
            case ROOT_JNI_GLOBAL: return "ROOT JNI GLOBAL";
            case ROOT_JNI_LOCAL: return "ROOT JNI LOCAL";
            case ROOT_JAVA_FRAME: return "ROOT JAVA FRAME";
            case ROOT_NATIVE_STACK: return "ROOT NATIVE STACK";
            case ROOT_STICKY_CLASS: return "ROOT STICKY CLASS";
            case ROOT_THREAD_BLOCK: return "ROOT THREAD BLOCK";
            case ROOT_MONITOR_USED: return "ROOT MONITOR USED";
            case ROOT_THREAD_OBJECT: return "ROOT THREAD OBJECT";
            case CLASS_DUMP: return "CLASS DUMP";
            case INSTANCE_DUMP: return "INSTANCE DUMP";
            case OBJECT_ARRAY_DUMP: return "OBJECT ARRAY DUMP";
            case PRIMITIVE_ARRAY_DUMP: return "PRIMITIVE ARRAY DUMP";
            default: return "heap tag 0x" + Integer.toHexString(tag);
        }
    }

    /** "java/lang/String" → "java.lang.String", "[Ljava/lang/Object;" → "java.lang.Object[]", "[I" → "int[]". */
    static String javaName(String hprofName) {
        if (hprofName == null) {
            return "?";
        }
        String name = hprofName.replace('/', '.');
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        switch (element) {
            case "Z": element = "boolean"; break;
            case "B": element = "byte"; break;
            case "C": element = "char"; break;
            case "S": element = "short"; break;
            case "I": element = "int"; break;
            case "J": element = "long"; break;
            case "F": element = "float"; break;
            case "D": element = "double"; break;
            default:
                element = element.startsWith("L") && element.endsWith(";")
                        ? element.substring(1, element.length() - 1) : element;
        }
        StringBuilder out = new StringBuilder(element);
        for (int i = 0; i < dims; i++) {
            out.append("[]");
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
