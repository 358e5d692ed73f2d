package io.sockwatch.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.ProcNetTcp;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.it.apps.DumpsItsOwnHeap;
import io.sockwatch.testing.TestJdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real heap dump (a JDK 17 JVM that holds a connected pair of sockets), damaged in hundreds of ways with a
 * fixed seed: every analysis ends within its time and memory bound, in a result or in one line that says where the
 * dump is malformed, never in a hang, an OutOfMemoryError or a RuntimeException.
 */
class HeapDumpFuzzTest {
    private static final long SEED = 0x50CC_3A7C_4L;
    private static final int CASES = 400;
    private static final long CASE_SECONDS = 2;
    private static final int HEADER = "JAVA PROFILE 1.0.2\0".length();
    private static final int ID = 8;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;
    private static final int STACK_TRACE = 0x05;
    private static final int UTF8 = 0x01;
    private static final int CLASS_DUMP = 0x20;
    private static final int INSTANCE_DUMP = 0x21;
    private static final int OBJECT_ARRAY_DUMP = 0x22;
    private static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    @TempDir
    static Path dir;
    private static byte[] original;
    private static List<SuspectSocket> suspects;
    private static Structure structure;
    private static ExecutorService worker;
    private static Thread workerThread;
    /** Bytes the analysis of the undamaged dump allocates: the damaged ones get a few times that, no more. */
    private static long allocationBudget;

    @BeforeAll
    static void dumpASmallJvm() throws Exception {
        Path dump = dir.resolve("real.hprof");
        Process jvm = new ProcessBuilder(TestJdk.JDK17.java().toString(), "-XX:+UseSerialGC", "-Xmx16m", "-Xshare:off",
                "-cp", Paths.get("target/test-classes").toAbsolutePath().toString(), DumpsItsOwnHeap.class.getName(),
                dump.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("dumped", out.readLine());
            suspects = socketsOf(jvm.pid());
        } finally {
            jvm.getOutputStream().close();
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
        }
        original = Files.readAllBytes(dump);
        structure = Structure.of(dump);
        worker = newWorker();
        allocationBudget = 1L << 30;
        Outcome undamaged = analyse(dump);
        assertTrue(undamaged.result != null, "the undamaged dump is analysed: " + undamaged);
        allocationBudget = 4 * undamaged.allocated + (16 << 20);
    }

    @AfterAll
    static void shutDownWorker() {
        worker.shutdownNow();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            workerThread = new Thread(r, "fuzz-analysis");
            workerThread.setDaemon(true);
            return workerThread;
        });
    }

    @Test
    void theUndamagedDumpNamesWhatHoldsTheSockets() throws IOException {
        HeapDumpAnalysis analysis = HeapDumpAnalysis.of(dir.resolve("real.hprof"), suspects);
        assertTrue(analysis.sockets().stream().filter(s -> s.verdict() == SocketExplanation.Verdict.HELD).count() >= 3,
                "the fuzz runs the retention path code too: " + analysis.sockets());
    }

    @Test
    void everyDamagedDumpEndsInAResultOrOneLineSayingWhere() throws Exception {
        Random random = new Random(SEED);
        Map<String, List<String>> failures = new TreeMap<>();
        int results = 0;
        for (int c = 0; c < CASES; c++) {
            Mutation mutation = Mutation.pick(random, structure);
            Path damaged = Files.write(dir.resolve("case.hprof"), mutation.apply(original));
            Outcome outcome = analyse(damaged);
            String failure = outcome.failure();
            if (failure != null) {
                failures.computeIfAbsent(failure, k -> new ArrayList<>()).add("#" + c + " " + mutation);
            } else if (outcome.result != null) {
                results++;
            }
        }
        StringBuilder report = new StringBuilder();
        failures.forEach((what, cases) -> report.append("\n").append(cases.size()).append(" × ").append(what)
                .append(", e.g. ").append(cases.subList(0, Math.min(3, cases.size()))));
        assertTrue(failures.isEmpty(), "damaged dumps that did not end in a result or one clear line:" + report);
        assertTrue(results < CASES, "some damage is found");
    }

    @Test
    void aClassThatIsItsOwnSuperclassIsOneClearError() throws Exception {
        int socket = structure.classOffset("java.net.Socket");
        byte[] damaged = original.clone();
        ByteBuffer.wrap(damaged).putLong(socket + 1 + ID + 4, ByteBuffer.wrap(damaged).getLong(socket + 1));
        Outcome outcome = analyse(Files.write(dir.resolve("own-super.hprof"), damaged));
        assertEquals("malformed: class java.net.Socket is its own superclass (CLASS DUMP record at byte " + socket
                + ")", message(outcome));
    }

    @Test
    void twoClassesThatAreEachOthersSuperclassAreOneClearError() throws Exception {
        int socket = structure.classOffset("java.net.Socket");
        int object = structure.classOffset("java.lang.Object");
        byte[] damaged = original.clone();
        ByteBuffer bytes = ByteBuffer.wrap(damaged);
        bytes.putLong(object + 1 + ID + 4, bytes.getLong(socket + 1));
        String message = message(analyse(Files.write(dir.resolve("cycle.hprof"), damaged)));
        assertTrue(message.matches("malformed: the superclasses of class \\S+ form a cycle"
                + " \\(CLASS DUMP record at byte \\d+\\)"), message);
    }

    /** The message of the IOException the analysis ended in; fails on any other outcome. */
    private static String message(Outcome outcome) {
        if (!(outcome.thrown instanceof IOException)) {
            throw new AssertionError("an IOException, not " + outcome, outcome.thrown);
        }
        return outcome.thrown.getMessage();
    }

    /**
     * The analysis on the worker thread, watched: stopped once it runs longer than a case may or allocates more
     * than its budget, before a runaway could exhaust the heap of the test JVM.
     */
    private static Outcome analyse(Path dump) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong allocatedBefore = new AtomicLong(-1);
        Future<Outcome> run = worker.submit(() -> {
            long thread = Thread.currentThread().getId();
            allocatedBefore.set(threads.getThreadAllocatedBytes(thread));
            HeapDumpAnalysis result = null;
            Throwable thrown = null;
            try {
                result = HeapDumpAnalysis.of(dump, suspects);
            } catch (Throwable t) {
                thrown = t;
            }
            return new Outcome(result, thrown, threads.getThreadAllocatedBytes(thread) - allocatedBefore.get(), null);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CASE_SECONDS);
        while (true) {
            try {
                return run.get(5, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long allocated = allocatedBefore.get() < 0 ? 0
                        : threads.getThreadAllocatedBytes(workerThread.getId()) - allocatedBefore.get();
                String stopped = allocated > allocationBudget ? "allocated more than " + (allocationBudget >> 20) + " MB"
                        : System.nanoTime() > deadline ? "no end within " + CASE_SECONDS + " s" : null;
                if (stopped != null) {
                    stopWorker();
                    return new Outcome(null, null, allocated, stopped);
                }
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
    }

    /**
     * A runaway analysis ignores interrupts: it is stopped the hard way (the test JVM is JDK 17, where Thread.stop
     * still works) and the next case gets a new thread.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stopWorker() throws InterruptedException {
        Thread runaway = workerThread;
        worker.shutdownNow();
        runaway.stop();
        runaway.join(TimeUnit.SECONDS.toMillis(CASE_SECONDS));
        worker = newWorker();
    }

    private static List<SuspectSocket> socketsOf(long pid) throws IOException {
        Path proc = Paths.get("/proc", Long.toString(pid));
        Map<Long, Integer> fds = new ProcFds(proc.resolve("fd")).socketInodes();
        KernelTable table = new ProcNetTcp().read(proc.resolve("net"), (state, inode, port) -> fds.containsKey(inode));
        List<SuspectSocket> sockets = new ArrayList<>();
        for (TcpRow row : table.rows()) {
            sockets.add(new SuspectSocket(fds.get(row.inode()), row));
        }
        assertEquals(3, sockets.size(), "the server socket and both ends of the connection: " + table.rows());
        return sockets;
    }

    private static final class Outcome {
        final HeapDumpAnalysis result;
        final Throwable thrown;
        final long allocated;
        /** Why the watch stopped the analysis; null when it ended by itself. */
        final String stopped;

        Outcome(HeapDumpAnalysis result, Throwable thrown, long allocated, String stopped) {
            this.result = result;
            this.thrown = thrown;
            this.allocated = allocated;
            this.stopped = stopped;
        }

        /** What is wrong with this outcome, the same text for the same kind of failure; null when nothing is. */
        String failure() {
            if (stopped != null) {
                return stopped;
            }
            if (thrown == null) {
                return allocated > allocationBudget ? "allocated more than " + (allocationBudget >> 20) + " MB" : null;
            }
            if (!(thrown instanceof IOException)) {
                return thrown.getClass().getName();
            }
            String message = String.valueOf(thrown.getMessage());
            if (message.contains("\n") || !message.matches("malformed: .* \\(.+ record at byte \\d+\\)")) {
                return "an IOException whose message is not one line saying where: " + thrown.getClass().getName();
            }
            return null;
        }

        @Override
        public String toString() {
            return result != null ? "a result" : stopped != null ? stopped : String.valueOf(thrown);
        }
    }

    /** Where the records of the undamaged dump are, for damage that hits their headers. */
    private static final class Structure {
        /** Top-level records: offset of the tag; the length is at +5. */
        final List<Integer> records = new ArrayList<>();
        final List<Integer> segments = new ArrayList<>();
        final List<Integer> stackTraces = new ArrayList<>();
        final List<Integer> strings = new ArrayList<>();
        /** Heap records: instances and arrays (tag, id, then per kind). */
        final List<Integer> objects = new ArrayList<>();
        final List<Integer> instances = new ArrayList<>();
        final Map<String, Integer> classes = new TreeMap<>();
        final List<Integer> classList = new ArrayList<>();

        static Structure of(Path dump) throws IOException {
            Structure s = new Structure();
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dump));
            for (int at = HEADER + 12; at < bytes.limit(); at += 9 + bytes.getInt(at + 5)) {
                s.records.add(at);
                int tag = bytes.get(at) & 0xFF;
                (tag == HEAP_DUMP_SEGMENT ? s.segments : tag == STACK_TRACE ? s.stackTraces
                        : tag == UTF8 ? s.strings : new ArrayList<Integer>()).add(at);
            }
            for (int segment : s.segments) {
                s.readObjects(bytes, segment + 9, segment + 9 + bytes.getInt(segment + 5));
            }
            try (HeapIndex heap = HeapIndex.read(dump, name -> false)) {
                for (ClassLayout c : heap.classList()) {
                    int at = s.find(bytes, c.id());
                    s.classes.put(c.name(), at);
                    s.classList.add(at);
                }
            }
            return s;
        }

        /** The instance and array records of a heap dump segment, by the format (the index keeps no list of them). */
        private void readObjects(ByteBuffer bytes, int at, int end) {
            while (at < end) {
                int tag = bytes.get(at) & 0xFF;
                int body = at + 1 + ID;
                if (tag == INSTANCE_DUMP) {
                    objects.add(at);
                    instances.add(at);
                    at = body + 4 + ID + 4 + bytes.getInt(body + 4 + ID);
                } else if (tag == OBJECT_ARRAY_DUMP) {
                    objects.add(at);
                    at = body + 4 + 4 + ID + bytes.getInt(body + 4) * ID;
                } else if (tag == PRIMITIVE_ARRAY_DUMP) {
                    objects.add(at);
                    at = body + 4 + 4 + 1 + bytes.getInt(body + 4) * size(bytes.get(body + 8));
                } else if (tag == CLASS_DUMP) {
                    at = afterClass(bytes, body);
                } else {
                    at = body + (tag == 0x01 ? ID : tag == 0x04 || tag == 0x06 ? 4
                            : tag == 0x02 || tag == 0x03 || tag == 0x08 ? 8 : 0);
                }
            }
        }

        private static int afterClass(ByteBuffer bytes, int at) {
            at += 4 + ID + 5 * ID + 4; // stack trace, super, loader, signers, domain, 2 reserved, instance size
            int constants = bytes.getShort(at) & 0xFFFF;
            at += 2;
            for (int i = 0; i < constants; i++) { // pool index, type, value
                at += 2 + 1 + size(bytes.get(at + 2));
            }
            int statics = bytes.getShort(at) & 0xFFFF;
            at += 2;
            for (int i = 0; i < statics; i++) { // name, type, value
                at += ID + 1 + size(bytes.get(at + ID));
            }
            return at + 2 + (bytes.getShort(at) & 0xFFFF) * (ID + 1);
        }

        private static int size(byte type) {
            switch (type) {
                case 2: return ID;
                case 4: case 8: return 1;
                case 5: case 9: return 2;
                case 6: case 10: return 4;
                default: return 8;
            }
        }

        /** The CLASS DUMP record of the class with this id: its tag and id, in a heap dump segment. */
        private int find(ByteBuffer bytes, long id) {
            for (int segment : segments) {
                for (int at = segment + 9, end = segment + 9 + bytes.getInt(segment + 5); at < end - ID; at++) {
                    if ((bytes.get(at) & 0xFF) == CLASS_DUMP && bytes.getLong(at + 1) == id) {
                        return at;
                    }
                }
            }
            throw new AssertionError("no class dump of 0x" + Long.toHexString(id));
        }

        int classOffset(String name) {
            Integer at = classes.get(name);
            assertFalse(at == null, name);
            return at;
        }
    }

    /** One kind of damage at one place, described for the failure report. */
    private abstract static class Mutation {
        private static final long[] HOSTILE = {0, -1, 0x7FFF_FFFF, 0x8000_0000L, 0xFFFF_FFF0L, 1L << 40,
            Long.MAX_VALUE, Long.MIN_VALUE};

        final String description;

        Mutation(String description) {
            this.description = description;
        }

        abstract byte[] apply(byte[] dump);

        @Override
        public String toString() {
            return description;
        }

        static Mutation pick(Random random, Structure s) {
            switch (random.nextInt(13)) {
                case 0:
                    return flipBytes(random, 1 + random.nextInt(8));
                case 1:
                    return set(random, "record length", pickFrom(random, s.records) + 5, 4);
                case 2: {
                    int object = pickFrom(random, s.objects);
                    // id, serial, then the class id / length fields of an instance or an array
                    int[] fields = {1, 1 + ID + 4, 1 + ID + 4 + 4, 1 + ID + 4 + ID};
                    int field = fields[random.nextInt(fields.length)];
                    return set(random, "heap record field +" + field, object + field, random.nextBoolean() ? 4 : ID);
                }
                case 3: {
                    int c = pickFrom(random, s.classList);
                    // super id, instance size, constant pool count, and the words after
                    int[] fields = {1 + ID + 4, 1 + ID + 4 + 6 * ID, 1 + ID + 4 + 6 * ID + 4,
                        1 + ID + 4 + 6 * ID + 6 + random.nextInt(16)};
                    int field = fields[random.nextInt(fields.length)];
                    return set(random, "class dump field +" + field, c + field, field == fields[2] ? 2 : 4);
                }
                case 4:
                    return superclassCycle(pickFrom(random, s.classList), pickFrom(random, s.classList));
                case 5:
                    return set(random, "random field", random.nextInt(original.length - ID), random.nextBoolean()
                            ? 4 : ID);
                case 6: {
                    int cut = random.nextInt(original.length);
                    return new Mutation("truncated at byte " + cut) {
                        @Override
                        byte[] apply(byte[] dump) {
                            return Arrays.copyOf(dump, cut);
                        }
                    };
                }
                case 7:
                    return duplicateRecord(s, pickFrom(random, s.records));
                case 8:
                    return splice(random.nextInt(original.length), random.nextInt(original.length),
                            1 + random.nextInt(4096));
                case 9: {
                    int record = random.nextBoolean() ? pickFrom(random, s.records) : pickFrom(random, s.objects);
                    int tag = random.nextInt(256);
                    return new Mutation("tag " + tag + " at byte " + record) {
                        @Override
                        byte[] apply(byte[] dump) {
                            byte[] damaged = dump.clone();
                            damaged[record] = (byte) tag;
                            return damaged;
                        }
                    };
                }
                case 10: {
                    int at = random.nextBoolean() ? pickFrom(random, s.stackTraces) + 9 + 8
                            : pickFrom(random, s.strings) + 5;
                    return set(random, "stack trace count or string length", at, 4);
                }
                case 11:
                    return set(random, "identifier size", HEADER, 4);
                default:
                    return duplicateInstance(s, pickFrom(random, s.instances));
            }
        }

        private static int pickFrom(Random random, List<Integer> offsets) {
            return offsets.get(random.nextInt(offsets.size()));
        }

        private static Mutation flipBytes(Random random, int count) {
            int[] at = new int[count];
            byte[] xor = new byte[count];
            for (int i = 0; i < count; i++) {
                at[i] = random.nextInt(original.length);
                xor[i] = (byte) (1 + random.nextInt(255));
            }
            return new Mutation("flipped bytes at " + Arrays.toString(at)) {
                @Override
                byte[] apply(byte[] dump) {
                    byte[] damaged = dump.clone();
                    for (int i = 0; i < count; i++) {
                        damaged[at[i]] ^= xor[i];
                    }
                    return damaged;
                }
            };
        }

        /** A 2, 4 or 8-byte field set to 0, -1, a huge value or a random one. */
        private static Mutation set(Random random, String what, int at, int width) {
            long value = random.nextInt(4) == 0 ? random.nextLong() : HOSTILE[random.nextInt(HOSTILE.length)];
            return new Mutation(what + " at byte " + at + " = 0x" + Long.toHexString(value) + " (" + width + " bytes)") {
                @Override
                byte[] apply(byte[] dump) {
                    byte[] damaged = dump.clone();
                    ByteBuffer bytes = ByteBuffer.wrap(damaged);
                    if (at + width <= damaged.length) {
                        if (width == 2) {
                            bytes.putShort(at, (short) value);
                        } else if (width == 4) {
                            bytes.putInt(at, (int) value);
                        } else {
                            bytes.putLong(at, value);
                        }
                    }
                    return damaged;
                }
            };
        }

        /** Class a's superclass becomes b and b's a (a class its own superclass when they are the same). */
        private static Mutation superclassCycle(int a, int b) {
            return new Mutation("superclass cycle of the classes at " + a + " and " + b) {
                @Override
                byte[] apply(byte[] dump) {
                    byte[] damaged = dump.clone();
                    ByteBuffer bytes = ByteBuffer.wrap(damaged);
                    long idA = bytes.getLong(a + 1);
                    bytes.putLong(a + 1 + ID + 4, bytes.getLong(b + 1));
                    bytes.putLong(b + 1 + ID + 4, idA);
                    return damaged;
                }
            };
        }

        private static Mutation duplicateRecord(Structure s, int record) {
            return new Mutation("record at byte " + record + " twice") {
                @Override
                byte[] apply(byte[] dump) {
                    int length = 9 + ByteBuffer.wrap(dump).getInt(record + 5);
                    return splice(record, record, length).apply(dump);
                }
            };
        }

        /** An instance record written twice in its heap dump segment, whose length says so: one id, two objects. */
        private static Mutation duplicateInstance(Structure s, int instance) {
            int segment = s.segments.stream().filter(at -> at < instance).reduce((a, b) -> b).orElseThrow();
            return new Mutation("instance at byte " + instance + " twice") {
                @Override
                byte[] apply(byte[] dump) {
                    int length = 1 + ID + 4 + ID + 4 + ByteBuffer.wrap(dump).getInt(instance + 1 + ID + 4 + ID);
                    byte[] damaged = splice(instance, instance, length).apply(dump);
                    ByteBuffer.wrap(damaged).putInt(segment + 5, ByteBuffer.wrap(dump).getInt(segment + 5) + length);
                    return damaged;
                }
            };
        }

        /** {@code length} bytes from {@code from} inserted at {@code to}. */
        private static Mutation splice(int from, int to, int length) {
            return new Mutation(length + " bytes from byte " + from + " inserted at byte " + to) {
                @Override
                byte[] apply(byte[] dump) {
                    int copied = Math.min(length, dump.length - from);
                    byte[] damaged = new byte[dump.length + copied];
                    System.arraycopy(dump, 0, damaged, 0, to);
                    System.arraycopy(dump, from, damaged, to, copied);
                    System.arraycopy(dump, to, damaged, to + copied, dump.length - to);
                    return damaged;
                }
            };
        }
    }
}
