package io.sockwatch.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HPROF index on a dump written here by hand: objects listed with descending ids (as a dump written in parallel
 * parts may list them) must still resolve, and a cut file must be refused. Real HotSpot dumps are read in ExplainIT.
 */
class HeapIndexTest {
    private static final long OBJECT_CLASS = 0x10;
    private static final long HOLDER_CLASS = 0x20;
    private static final long FIRST = 0x300;
    private static final long SECOND = 0x200;
    private static final long LAST = 0x100;

    @Test
    void followsReferencesBetweenObjectsWhoseIdsDescend(@TempDir Path dir) throws IOException {
        Path dump = Files.write(dir.resolve("chain.hprof"), chainDump());
        try (HeapIndex heap = HeapIndex.read(dump, name -> name.equals("com.acme.Holder"))) {
            assertEquals(3, heap.nodeCount());
            assertEquals(List.of(0, 1, 2), heap.keptInstances());
            int last = heap.node(LAST);
            assertEquals(LAST, heap.id(last));
            RetentionPaths paths = RetentionPaths.search(heap, new int[] {last});
            assertEquals(List.of(heap.node(FIRST), heap.node(SECOND), last), paths.path(last));
            Retention retention = new RetentionDescriber(paths).describe(last);
            assertEquals(List.of("static com.acme.Holder.ROOT", "Holder.next", "Holder.next", "com.acme.Holder"),
                    retention.steps());
        }
    }

    /**
     * The objects that can reach a target are found in passes over the reference file, from either end in turn: a
     * chain of 30,000 objects joins in a pass or two whether the dump lists it from its root or from its target.
     * Read from one end only, one of the two orders would take a pass per object (minutes here).
     */
    @Test
    void aLongChainIsFoundInAFewPassesInEitherOrder(@TempDir Path dir) throws IOException {
        int length = 30_000;
        long[] chain = new long[length];
        for (int i = 0; i < length; i++) {
            chain[i] = 0x1000 + 16L * i;
        }
        for (boolean rootFirst : new boolean[] {true, false}) {
            Path dump = Files.write(dir.resolve("long-" + rootFirst + ".hprof"), chainDump(chain, rootFirst));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (HeapIndex heap = HeapIndex.read(dump, name -> false)) {
                    int last = heap.node(chain[length - 1]);
                    RetentionPaths paths = RetentionPaths.search(heap, new int[] {last});
                    List<Integer> path = paths.path(last);
                    assertEquals(length, path.size());
                    assertEquals(chain[0], heap.id(path.get(0)));
                    assertEquals(chain[length / 2], heap.id(path.get(length / 2)));
                }
            }, "listed " + (rootFirst ? "from the root" : "from the target"));
        }
    }

    @Test
    void refusesACutFileWithOneClearMessage(@TempDir Path dir) throws IOException {
        byte[] whole = chainDump();
        Path cut = Files.write(dir.resolve("cut.hprof"), Arrays.copyOf(whole, whole.length - 20));
        IOException e = assertThrows(IOException.class, () -> HeapIndex.read(cut, name -> false));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path notADump = Files.write(dir.resolve("text.hprof"), "hello".getBytes(StandardCharsets.US_ASCII));
        IOException wrong = assertThrows(IOException.class, () -> HeapIndex.read(notADump, name -> false));
        assertTrue(wrong.getMessage().contains("not a heap dump"), wrong.getMessage());
    }

    /** static Holder.ROOT → FIRST.next → SECOND.next → LAST, the instances written in descending id order. */
    private static byte[] chainDump() throws IOException {
        return chainDump(new long[] {FIRST, SECOND, LAST}, true);
    }

    /** static Holder.ROOT → chain[0].next → chain[1] … → chain[n-1], listed from chain[0] or from chain[n-1]. */
    private static byte[] chainDump(long[] chain, boolean rootFirst) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(8);
        out.writeLong(0);
        utf8(out, 1, "java/lang/Object");
        utf8(out, 2, "com/acme/Holder");
        utf8(out, 3, "ROOT");
        utf8(out, 4, "next");
        loadClass(out, 1, OBJECT_CLASS, 1);
        loadClass(out, 2, HOLDER_CLASS, 2);

        ByteArrayOutputStream heapBytes = new ByteArrayOutputStream();
        DataOutputStream heap = new DataOutputStream(heapBytes);
        classDump(heap, OBJECT_CLASS, 0, 0);
        classDump(heap, HOLDER_CLASS, OBJECT_CLASS, chain[0]);
        for (int n = 0; n < chain.length; n++) {
            int i = rootFirst ? n : chain.length - 1 - n;
            instance(heap, chain[i], i + 1 < chain.length ? chain[i + 1] : 0);
        }
        record(out, 0x1C, heapBytes.toByteArray());
        record(out, 0x2C, new byte[0]);
        return bytes.toByteArray();
    }

    private static void utf8(DataOutputStream out, long id, String text) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeLong(id);
        b.write(text.getBytes(StandardCharsets.UTF_8));
        record(out, 0x01, body.toByteArray());
    }

    private static void loadClass(DataOutputStream out, int serial, long classId, long nameId) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(serial);
        b.writeLong(classId);
        b.writeInt(0);
        b.writeLong(nameId);
        record(out, 0x02, body.toByteArray());
    }

    /** The holder class (a root) has the static ROOT → root and one reference field, next. */
    private static void classDump(DataOutputStream heap, long id, long superId, long root) throws IOException {
        boolean holder = root != 0;
        heap.writeByte(0x20);
        heap.writeLong(id);
        heap.writeInt(0);
        heap.writeLong(superId);
        for (int i = 0; i < 5; i++) {
            heap.writeLong(0); // loader, signers, protection domain, reserved
        }
        heap.writeInt(holder ? 8 : 0);
        heap.writeShort(0); // constant pool
        heap.writeShort(holder ? 1 : 0);
        if (holder) {
            heap.writeLong(3);
            heap.writeByte(2);
            heap.writeLong(root);
        }
        heap.writeShort(holder ? 1 : 0);
        if (holder) {
            heap.writeLong(4);
            heap.writeByte(2);
        }
    }

    private static void instance(DataOutputStream heap, long id, long next) throws IOException {
        heap.writeByte(0x21);
        heap.writeLong(id);
        heap.writeInt(0);
        heap.writeLong(HOLDER_CLASS);
        heap.writeInt(8);
        heap.writeLong(next);
    }

    private static void record(DataOutputStream out, int tag, byte[] body) throws IOException {
        out.writeByte(tag);
        out.writeInt(0);
        out.writeInt(body.length);
        out.write(body);
    }
}
