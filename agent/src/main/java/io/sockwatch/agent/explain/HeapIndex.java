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
 * An HPROF file (1.0.2, as HotSpot writes it) read in one streaming pass, in memory that does not grow with the
 * heap: the classes, GC roots and threads' stacks in memory; every object's references written to a
 * {@link ReferenceFile} on disk; and a sparse index of where the objects lie (one entry per run of up to
 * {@value #BLOCK_OBJECTS} records), through which an object is found again by id with a short scan. Only the objects
 * a report touches become nodes, numbered as they are first asked for: the kept instances, those on a path to a
 * target ({@link #keepPathsTo}) and those read to label a path. A damaged or hostile file ends in a
 * {@link MalformedHeapDumpException} naming the record: every length and count is checked against the bytes its
 * record has left before anything is allocated or skipped, and the class hierarchy is checked before the first
 * instance uses it.
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
    /** Object records per block of the sparse index: finding an object by id parses at most this many. */
    private static final int BLOCK_OBJECTS = 256;
    /** Array elements read, and written as one entry of the reference file, at a time. */
    private static final int ARRAY_CHUNK = 8192;

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

    private final ReferenceFile references;
    private long objectCount;

    /** The sparse index while the pass builds it: blocks of object records with ascending ids, in file order. */
    private final LongArray blockFirstIds = new LongArray();
    private final LongArray blockLastIds = new LongArray();
    private final LongArray blockStarts = new LongArray();
    private final LongArray blockEnds = new LongArray();
    private int blockObjects;
    /** The same blocks ordered by first id once the pass is done, with the highest last id up to each. */
    private Blocks blocks;

    /** The nodes: objects asked for, by number; an offset of -1 is found on first use. */
    private final LongArray nodeIds = new LongArray();
    private final LongArray nodeOffsets = new LongArray();
    private final IdTable nodeOfId = new IdTable();

    /** The objects that can reach a target of the last {@link #keepPathsTo}, and their references among them. */
    private IdTable onPaths = new IdTable();
    private int[] firstEdge = new int[1];
    private int[] edges = new int[0];

    /** Set at the first instance: the class hierarchy is checked and complete from there on. */
    private boolean classesLinked;

    private HeapIndex(HprofInput input, java.util.function.Predicate<String> kept, ReferenceFile references) {
        this.input = input;
        this.kept = kept;
        this.references = references;
    }

    /**
     * Reads the dump; a {@link MalformedHeapDumpException} when it is no HPROF file, is truncated or damaged.
     *
     * @param kept names of the classes whose instances, and their subclasses', {@link #keptInstances()} lists
     */
    static HeapIndex read(Path dump, java.util.function.Predicate<String> kept) throws IOException {
        HprofInput input = HprofInput.open(dump);
        ReferenceFile references = null;
        try {
            references = ReferenceFile.create();
            HeapIndex index = new HeapIndex(input, kept, references);
            index.readAll();
            return index;
        } catch (IOException | RuntimeException e) {
            input.close();
            if (references != null) {
                references.close();
            }
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
        references.finish();
        blocks = new Blocks(blockFirstIds, blockLastIds, blockStarts, blockEnds);
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
                    addObject(input.id(), recordStart);
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
            if (blockObjects > 0 && (tag == INSTANCE_DUMP || tag == OBJECT_ARRAY_DUMP || tag == PRIMITIVE_ARRAY_DUMP)) {
                blockEnds.set(blockEnds.size() - 1, input.position());
            }
        }
        blockObjects = 0; // a block never spans two segments: a scan reads heap records only
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
        blockObjects = 0; // a scan of a block reads object and root records only
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
            String field = fieldName();
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
            String field = fieldName();
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

    /** A field's name: a string of the dump, which HotSpot writes for every field. */
    private String fieldName() throws IOException {
        long id = input.id();
        String name = strings.get(id);
        if (name == null) {
            throw input.malformed("a field named by string 0x" + Long.toHexString(id) + ", which is not in the dump");
        }
        return name;
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
        addObject(id, recordStart);
        if (layout.kept(kept, classes)) {
            if (nodeOfId.contains(id)) {
                throw input.malformed("object 0x" + Long.toHexString(id) + " is in the dump twice");
            }
            keptInstances.add(addNode(id, recordStart));
        }
        input.require(length);
        int[] followed = layout.followedReferences(classes, input.idSize());
        int count = 0;
        for (int offset : followed) {
            count += input.idAt(offset) != 0 ? 1 : 0;
        }
        if (count > 0) {
            references.object(id, count);
            for (int offset : followed) {
                long value = input.idAt(offset);
                if (value != 0) {
                    references.reference(value);
                }
            }
            references.end(count);
        }
        input.skip(length);
    }

    private void readObjectArray(long recordStart, long end) throws IOException {
        long id = input.id();
        addObject(id, recordStart);
        input.u4();
        int length = input.u4();
        input.id(); // array class
        int idSize = input.idSize();
        fits(length, idSize, end, "elements");
        // in chunks that fit the input's buffer; each chunk with any reference is an entry of its own
        for (int done = 0; done < length; ) {
            int chunk = Math.min(ARRAY_CHUNK, length - done);
            input.require(chunk * idSize);
            int count = 0;
            for (int i = 0; i < chunk; i++) {
                count += input.idAt(i * idSize) != 0 ? 1 : 0;
            }
            if (count > 0) {
                references.object(id, count);
                for (int i = 0; i < chunk; i++) {
                    long value = input.idAt(i * idSize);
                    if (value != 0) {
                        references.reference(value);
                    }
                }
                references.end(count);
            }
            input.skip((long) chunk * idSize);
            done += chunk;
        }
    }

    /** Counts an object and puts it in the sparse index: a new block when one is full or the ids stop ascending. */
    private void addObject(long id, long recordStart) {
        objectCount++;
        if (blockObjects == 0 || blockObjects == BLOCK_OBJECTS || id <= blockLastIds.get(blockLastIds.size() - 1)) {
            blockFirstIds.add(id);
            blockLastIds.add(id);
            blockStarts.add(recordStart);
            blockEnds.add(recordStart);
            blockObjects = 0;
        }
        blockLastIds.set(blockLastIds.size() - 1, id);
        blockObjects++;
    }

    private int addNode(long id, long offset) {
        int node = (int) nodeIds.size();
        nodeIds.add(id);
        nodeOffsets.add(offset);
        nodeOfId.put(id, node);
        return node;
    }

    /** Nodes of the instances of the classes the reader was asked to keep, in file order. */
    List<Integer> keptInstances() {
        return keptInstances;
    }

    /** Objects in the dump: instances and arrays. */
    long objectCount() {
        return objectCount;
    }

    /** Bytes of the temporary reference file. */
    long referenceFileBytes() {
        return references.bytes();
    }

    /** The node of the object with this id, found in the dump on first use; -1 for classes and unknown ids. */
    int node(long id) throws IOException {
        int node = nodeOfId.get(id);
        if (node != IdTable.ABSENT || id == 0 || classes.byId(id) != null) {
            return node;
        }
        long offset = locate(id);
        return offset < 0 ? -1 : addNode(id, offset);
    }

    /** The node of an object that can reach a target of the last {@link #keepPathsTo}, else -1; never reads. */
    int pathNode(long id) {
        return onPaths.contains(id) ? nodeOfId.get(id) : -1;
    }

    /** Nodes so far. */
    int nodeCount() {
        return (int) nodeIds.size();
    }

    long id(int node) {
        return nodeIds.get(node);
    }

    /** File offset of the node's record. */
    long offset(int node) throws IOException {
        long offset = nodeOffsets.get(node);
        if (offset < 0) {
            offset = locate(id(node));
            if (offset < 0) {
                throw input.malformed("object 0x" + Long.toHexString(id(node)) + " is referenced but not in the dump");
            }
            nodeOffsets.set(node, offset);
        }
        return offset;
    }

    /** The first of the node's references to other nodes that can reach a target; see {@link #keepPathsTo}. */
    long referencesStart(int node) {
        return node < firstEdge.length - 1 ? firstEdge[node] : 0;
    }

    long referencesEnd(int node) {
        return node < firstEdge.length - 1 ? firstEdge[node + 1] : 0;
    }

    /** The node a reference points to. */
    int reference(long index) {
        return edges[(int) index];
    }

    /**
     * Makes the references of {@link #referencesStart} those between the objects that can reach one of the targets:
     * the only objects a shortest path from a root to a target can pass (each of them reaches the target by the rest
     * of the path), usually a few dozen of a heap's millions. Found backwards in passes over the reference file, from
     * its start and from its end in turn: an object joins when it references one that has joined, until a pass adds
     * none. A chain joins in one pass when its objects lie in the dump in the order they reference each other, or in
     * the opposite order: the order of allocation, which compacting collections keep.
     */
    void keepPathsTo(int[] targets) throws IOException {
        if (Arrays.stream(targets).allMatch(t -> onPaths.contains(id(t)))) {
            return; // the objects that reach these targets are among those kept already: the same paths
        }
        Reaching reaching = new Reaching();
        for (int target : targets) {
            reaching.add(id(target));
        }
        boolean backwards = false;
        for (boolean grew = true; grew; backwards = !backwards) {
            long before = reaching.ids.size();
            references.read(backwards, (id, referenced, count) -> {
                if (!reaching.contains(id)) {
                    for (int i = 0; i < count; i++) {
                        if (reaching.contains(referenced[i])) {
                            reaching.add(id);
                            return;
                        }
                    }
                }
            });
            grew = reaching.ids.size() > before;
        }
        // their references among them, in the dump's order (the search's order among equally short paths)
        for (long i = 0; i < reaching.ids.size(); i++) {
            long id = reaching.ids.get(i);
            if (!nodeOfId.contains(id)) {
                addNode(id, -1);
            }
        }
        LongArray from = new LongArray();
        LongArray to = new LongArray();
        references.read(false, (id, referenced, count) -> {
            if (reaching.contains(id)) {
                for (int i = 0; i < count; i++) {
                    if (reaching.contains(referenced[i])) {
                        from.add(id);
                        to.add(referenced[i]);
                    }
                }
            }
        });
        int nodes = nodeCount();
        int[] first = new int[nodes + 1];
        for (long i = 0; i < from.size(); i++) {
            first[nodeOfId.get(from.get(i)) + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            first[n + 1] += first[n];
        }
        int[] fill = Arrays.copyOf(first, nodes);
        int[] targetsOfEdges = new int[(int) from.size()];
        for (long i = 0; i < from.size(); i++) {
            targetsOfEdges[fill[nodeOfId.get(from.get(i))]++] = nodeOfId.get(to.get(i));
        }
        onPaths = reaching.table;
        firstEdge = first;
        edges = targetsOfEdges;
    }

    /** The objects found to reach a target: a table, their ids in the order they joined, and a bit filter. */
    private static final class Reaching {
        final IdTable table = new IdTable();
        final LongArray ids = new LongArray();
        /** 2^20 bits: most ids of a pass are told apart by one bit, without a look-up in the table. */
        final long[] filter = new long[1 << 14];

        void add(long id) {
            if (!contains(id)) {
                table.put(id, 0);
                ids.add(id);
                int bit = IdTable.slot(id, filter.length << 6);
                filter[bit >>> 6] |= 1L << bit;
            }
        }

        boolean contains(long id) {
            int bit = IdTable.slot(id, filter.length << 6);
            return (filter[bit >>> 6] & (1L << bit)) != 0 && table.contains(id);
        }
    }

    /** The offset of the object record with this id, by the sparse index; -1 if there is none. */
    private long locate(long id) throws IOException {
        for (int b = blocks.lastStartingAtOrBefore(id); b >= 0 && blocks.maxLastId[b] >= id; b--) {
            if (blocks.lastIds[b] >= id) {
                long offset = scan(blocks.starts[b], blocks.ends[b], id);
                if (offset >= 0) {
                    return offset;
                }
            }
        }
        return -1;
    }

    /** Parses the heap records between two offsets the pass checked, for the object record with this id. */
    private long scan(long from, long to, long id) throws IOException {
        int idSize = input.idSize();
        input.seek(from);
        while (input.position() < to) {
            long at = input.position();
            int tag = input.u1();
            input.record(heapRecordName(tag), at);
            switch (tag) {
                case INSTANCE_DUMP:
                    if (input.id() == id) {
                        return at;
                    }
                    input.skip(4L + idSize);
                    input.skip(input.u4() & 0xFFFF_FFFFL);
                    break;
                case OBJECT_ARRAY_DUMP: {
                    if (input.id() == id) {
                        return at;
                    }
                    input.u4();
                    long length = input.u4() & 0xFFFF_FFFFL;
                    input.skip(idSize + length * idSize);
                    break;
                }
                case PRIMITIVE_ARRAY_DUMP: {
                    if (input.id() == id) {
                        return at;
                    }
                    input.u4();
                    long length = input.u4() & 0xFFFF_FFFFL;
                    input.skip(length * ClassLayout.size(input.u1(), idSize));
                    break;
                }
                case ROOT_UNKNOWN:
                case ROOT_STICKY_CLASS:
                case ROOT_MONITOR_USED:
                    input.skip(idSize);
                    break;
                case ROOT_JNI_GLOBAL:
                    input.skip(2L * idSize);
                    break;
                case ROOT_NATIVE_STACK:
                case ROOT_THREAD_BLOCK:
                    input.skip(idSize + 4L);
                    break;
                default: // JNI local, Java frame, thread object
                    input.skip(idSize + 8L);
                    break;
            }
        }
        return -1;
    }

    /** The sparse index ordered by first id: a parallel dump (JDK 21+) lists its ascending runs in any order. */
    private static final class Blocks {
        final long[] firstIds;
        final long[] lastIds;
        final long[] starts;
        final long[] ends;
        /** The highest last id of the blocks up to each: a search walks back only while one may hold the id. */
        final long[] maxLastId;

        Blocks(LongArray first, LongArray last, LongArray start, LongArray end) {
            int n = (int) first.size();
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(first.get(a), first.get(b)));
            firstIds = new long[n];
            lastIds = new long[n];
            starts = new long[n];
            ends = new long[n];
            maxLastId = new long[n];
            for (int i = 0; i < n; i++) {
                firstIds[i] = first.get(order[i]);
                lastIds[i] = last.get(order[i]);
                starts[i] = start.get(order[i]);
                ends[i] = end.get(order[i]);
                maxLastId[i] = Math.max(lastIds[i], i == 0 ? Long.MIN_VALUE : maxLastId[i - 1]);
            }
        }

        int lastStartingAtOrBefore(long id) {
            int at = Arrays.binarySearch(firstIds, id);
            return at >= 0 ? at : -at - 2;
        }
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
        try {
            input.close();
        } finally {
            references.close();
        }
    }
}
