package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The references of every object that has any, on disk in the CLI's temporary directory, in the order of the dump:
 * per object its id, the number of references and the referenced ids. This is what keeps the analysis's memory
 * independent of the heap's size: the file is read again, start to end, for each step of the search for what can
 * reach a socket, and nothing per object stays in memory. Owner-only, deleted on close.
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

    /** Starts the references of one object; {@code count} calls of {@link #reference} follow. */
    void object(long id, int count) throws IOException {
        room(12);
        buffer.putLong(id).putInt(count);
    }

    void reference(long id) throws IOException {
        room(8);
        buffer.putLong(id);
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

    /** Reads the file from its start; one reader at a time, over the same buffer. */
    Reader read() {
        return new Reader();
    }

    final class Reader {
        private long position;

        private Reader() {
            buffer.clear().limit(0);
        }

        boolean hasNext() throws IOException {
            return buffer.hasRemaining() || position < written;
        }

        /** The next object's id; then {@link #count()}, then that many {@link #next()}. */
        long object() throws IOException {
            fill(12);
            return buffer.getLong();
        }

        int count() {
            return buffer.getInt();
        }

        long next() throws IOException {
            fill(8);
            return buffer.getLong();
        }

        private void fill(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
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
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
