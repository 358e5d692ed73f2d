package io.sockwatch.agent.explain;

/**
 * A growable array of longs in fixed-size chunks: growing never copies, so a heap of millions of objects is indexed
 * without the transient doubling a single array would need.
 */
final class LongArray {
    private static final int CHUNK_BITS = 17;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks = new long[8][];
    private long size;

    long size() {
        return size;
    }

    void add(long value) {
        int chunk = (int) (size >>> CHUNK_BITS);
        if (chunk == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[CHUNK];
        }
        chunks[chunk][(int) (size & MASK)] = value;
        size++;
    }

    long get(long index) {
        return chunks[(int) (index >>> CHUNK_BITS)][(int) (index & MASK)];
    }

    void set(long index, long value) {
        chunks[(int) (index >>> CHUNK_BITS)][(int) (index & MASK)] = value;
    }
}
