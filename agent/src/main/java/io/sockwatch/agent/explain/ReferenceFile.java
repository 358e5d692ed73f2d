package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The references of every object that has any, on disk in the CLI's temporary directory, in the order of the dump:
 * per object its id, the number of references, the referenced ids and the number again, so that the file reads
 * from either end. This is what keeps the analysis's memory independent of the heap's size: the file is read again,
 * forwards and backwards in turn, for each step of the search for what can reach a socket, and nothing per object
 * stays in memory. Owner-only, unlinked as soon as it is open.
 */
final class ReferenceFile implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path path;
    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private long written;

    private ReferenceFile(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    static ReferenceFile create() throws IOException {
        Path path = Files.createTempFile("sockwatch-references-", ".bin");
        try {
            return new ReferenceFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Starts the references of one object; {@code count} calls of {@link #reference}, then {@link #end}, follow. */
    void object(long id, int count) throws IOException {
        room(12);
        buffer.putLong(id).putInt(count);
    }

    void reference(long id) throws IOException {
        room(8);
        buffer.putLong(id);
    }

    /** Ends an object's references: their count again, for a backward reader. */
    void end(int count) throws IOException {
        room(4);
        buffer.putInt(count);
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += file.write(buffer, written);
        }
        buffer.clear();
    }

    /** Bytes on disk once {@link #finish()} ran. */
    long bytes() {
        return written;
    }

    void finish() throws IOException {
        flush();
    }

    /**
     * Reads the file's objects from its start, or from its end; one reader at a time, over the same buffer. An
     * object's references come in their order either way.
     */
    void read(boolean backwards, Visitor visitor) throws IOException {
        if (backwards) {
            readBackwards(visitor);
            return;
        }
        buffer.clear().limit(0);
        long position = 0;
        long[] ids = new long[64];
        while (position < written || buffer.hasRemaining()) {
            position = fill(position, 12);
            long id = buffer.getLong();
            int count = buffer.getInt();
            ids = ids.length >= count ? ids : new long[count];
            position = fill(position, 8L * count + 4);
            for (int i = 0; i < count; i++) {
                ids[i] = buffer.getLong();
            }
            buffer.getInt();
            visitor.object(id, ids, count);
        }
    }

    /** Makes {@code bytes} readable in the buffer (an object's entry is far smaller than it); the next read offset. */
    private long fill(long position, long bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return position;
        }
        buffer.compact();
        while (buffer.position() < bytes) {
            int read = file.read(buffer, position);
            if (read < 0) {
                throw new IOException("the temporary reference file " + path + " ended early");
            }
            position += read;
        }
        buffer.flip();
        return position;
    }

    private void readBackwards(Visitor visitor) throws IOException {
        long[] ids = new long[64];
        long bufferStart = written;
        buffer.clear().limit(0);
        // buffer[0] is the file's byte bufferStart; entries are taken from the end of what the buffer holds
        for (long end = written; end > 0; ) {
            if (end - bufferStart < 4 || end - bufferStart < 16 + 8L * buffer.getInt((int) (end - bufferStart - 4))) {
                bufferStart = Math.max(0, end - BUFFER_BYTES);
                buffer.clear().limit((int) (end - bufferStart));
                while (buffer.hasRemaining()) {
                    if (file.read(buffer, bufferStart + buffer.position()) < 0) {
                        throw new IOException("the temporary reference file " + path + " ended early");
                    }
                }
            }
            int at = (int) (end - bufferStart);
            int count = buffer.getInt(at - 4);
            int start = at - 16 - 8 * count;
            ids = ids.length >= count ? ids : new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = buffer.getLong(start + 12 + 8 * i);
            }
            visitor.object(buffer.getLong(start), ids, count);
            end = bufferStart + start;
        }
    }

    interface Visitor {
        /** One object's references: {@code ids[0..count)}, valid only during the call. */
        void object(long id, long[] ids, int count) throws IOException;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
