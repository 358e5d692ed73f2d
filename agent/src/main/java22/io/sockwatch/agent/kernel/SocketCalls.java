package io.sockwatch.agent.kernel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The C library calls the netlink reader makes, bound in sockwatch's one module with native access
 * ({@link LibcModule}): this module (the agent's class loader's unnamed module) calls them without it. A failed
 * call throws, naming the call and its errno.
 */
public interface SocketCalls {
    /** {@code socket(2)}: the new fd. */
    int socket(int domain, int type, int protocol) throws IOException;

    /**
     * {@code setsockopt(2)} of {@code SO_RCVTIMEO}: a receive that waits longer fails (errno EAGAIN) rather than
     * blocking its thread for good.
     */
    void receiveTimeout(int fd, int seconds) throws IOException;

    /** {@code send(2)} without flags: the bytes sent. */
    long send(int fd, MemorySegment bytes) throws IOException;

    /** {@code recv(2)} without flags into {@code buffer}: the bytes received. */
    long receive(int fd, MemorySegment buffer) throws IOException;

    /** {@code close(2)}; an error is ignored (the fd is released whatever close returns on Linux). */
    void close(int fd);
}
