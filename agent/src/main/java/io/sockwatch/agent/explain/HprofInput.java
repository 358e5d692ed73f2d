package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Big-endian reads from an HPROF file through one reused buffer, at a known file position. Streaming passes read
 * forward; {@link #seek} serves the few random reads that label a path. A read, length or position outside the file
 * fails with a {@link MalformedHeapDumpException} naming the record being read, so that no damaged length can make
 * it allocate more than the file holds. Not thread-safe.
 */
final class HprofInput implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;
    /** Bytes read ahead per refill: enough for streaming, small enough that a random read of one object is cheap. */
    private static final int READ_AHEAD = 64 << 10;

    private final FileChannel file;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** File position of buffer[0]. */
    private long bufferStart;
    private int idSize = 8;
    /** The record being read, for error messages. */
    private String record = "header";
    private long recordStart;

    private HprofInput(FileChannel file) throws IOException {
        this.file = file;
        this.size = file.size();
        buffer.limit(0);
    }

    static HprofInput open(Path path) throws IOException {
        return new HprofInput(FileChannel.open(path, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    long size() {
        return size;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    boolean atEnd() {
        return position() >= size;
    }

    void idSize(int bytes) {
        this.idSize = bytes;
    }

    int idSize() {
        return idSize;
    }

    /** Names the record that reads from now on belong to. */
    void record(String name, long start) {
        this.record = name;
        this.recordStart = start;
    }

    /** An error in the current record. */
    MalformedHeapDumpException malformed(String problem) {
        return new MalformedHeapDumpException(problem, record, recordStart);
    }

    void seek(long position) throws IOException {
        if (position < 0 || position > size) {
            throw malformed("a position of byte " + position + ", outside the file of " + size + " bytes");
        }
        if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
            buffer.position((int) (position - bufferStart));
            return;
        }
        bufferStart = position;
        buffer.clear().limit(0);
    }

    /** Makes at least {@code bytes} (at most the buffer size) readable; fails on a truncated file. */
    void require(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        if (bytes < 0 || bytes > BUFFER_BYTES) {
            throw malformed("a field of " + bytes + " bytes at byte " + position());
        }
        bufferStart += buffer.position();
        buffer.compact();
        buffer.limit(Math.min(BUFFER_BYTES, Math.max(bytes, buffer.position() + READ_AHEAD)));
        while (buffer.position() < bytes) {
            if (file.read(buffer, bufferStart + buffer.position()) < 0) {
                throw malformed("the file ends inside it, at byte " + size + ": it is truncated");
            }
        }
        buffer.flip();
    }

    int u1() throws IOException {
        require(1);
        return buffer.get() & 0xFF;
    }

    int u2() throws IOException {
        require(2);
        return buffer.getShort() & 0xFFFF;
    }

    int u4() throws IOException {
        require(4);
        return buffer.getInt();
    }

    long u8() throws IOException {
        require(8);
        return buffer.getLong();
    }

    long id() throws IOException {
        return idSize == 8 ? u8() : u4() & 0xFFFF_FFFFL;
    }

    void skip(long bytes) throws IOException {
        if (bytes < 0) {
            throw malformed("a length of " + bytes + " bytes");
        }
        if (bytes <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) bytes);
        } else {
            seek(position() + bytes);
        }
    }

    /** The id at {@code offset} bytes ahead, without moving (the caller made them readable with require). */
    long idAt(int offset) {
        int at = buffer.position() + offset;
        return idSize == 8 ? buffer.getLong(at) : buffer.getInt(at) & 0xFFFF_FFFFL;
    }

    /** The next {@code length} bytes; never allocates more than the file has left. */
    byte[] bytes(long length) throws IOException {
        if (length < 0 || length > Math.min(size - position(), Integer.MAX_VALUE - 8)) {
            throw malformed("a length of " + length + " bytes at byte " + position() + ", past the end of the file ("
                    + size + " bytes)");
        }
        byte[] bytes = new byte[(int) length];
        int done = 0;
        while (done < length) {
            int chunk = Math.min(bytes.length - done, BUFFER_BYTES);
            require(chunk);
            buffer.get(bytes, done, chunk);
            done += chunk;
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
