package io.sockwatch.agent.explain;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Big-endian reads from an HPROF file through one reused buffer, at a known file position. Streaming passes read
 * forward; {@link #seek} serves the few random reads that label a path. Not thread-safe.
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

    void seek(long position) throws IOException {
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
        if (bytes > BUFFER_BYTES) {
            throw new IOException("a record of " + bytes + " bytes at byte " + position() + ": the file is damaged");
        }
        bufferStart += buffer.position();
        buffer.compact();
        buffer.limit(Math.min(BUFFER_BYTES, Math.max(bytes, buffer.position() + READ_AHEAD)));
        while (buffer.position() < bytes) {
            if (file.read(buffer, bufferStart + buffer.position()) < 0) {
                throw new EOFException("the heap dump ends in the middle of a record at byte " + position()
                        + " of " + size + ": it is truncated");
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

    byte[] bytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, BUFFER_BYTES);
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
