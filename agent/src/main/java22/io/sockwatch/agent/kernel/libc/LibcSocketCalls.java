package io.sockwatch.agent.kernel.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.sockwatch.agent.kernel.SocketCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;

/**
 * The five libc functions the netlink reader calls, bound with the FFM API. The only class of the module
 * {@code io.sockwatch.libc} (see {@code LibcModule}), the one part of sockwatch with native access: binding a native
 * function is a restricted operation, which from a module without native access prints a warning on the host's
 * stderr (and fails with {@code --illegal-native-access=deny}). Exported to sockwatch's own loader alone.
 */
public final class LibcSocketCalls implements SocketCalls {
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;
    /** struct timeval on 64-bit Linux: seconds and microseconds, two longs. */
    private static final long TIMEVAL_BYTES = 16;

    private final MethodHandle socket;
    private final MethodHandle setsockopt;
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle close;
    /** errno as each call left it; calls come from the one scanner thread. */
    private final MemorySegment callState = Arena.ofAuto().allocate(CALL_STATE);

    private LibcSocketCalls() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        FunctionDescriptor transfer = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        socket = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        send = linker.downcallHandle(libc.find("send").orElseThrow(), transfer, errno);
        recv = linker.downcallHandle(libc.find("recv").orElseThrow(), transfer, errno);
        close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /**
     * Enables native access for this module, then binds the functions. The caller must have opened java.lang to
     * this module: {@code Module.implAddEnableNativeAccess} is what {@code --enable-native-access=io.sockwatch.libc}
     * would do at start-up, and the public {@code ModuleLayer.Controller.enableNativeAccess} demands a caller that
     * already has native access (sockwatch's unnamed module must not: that flag is shared by every unnamed module,
     * the application's included).
     */
    public static SocketCalls bind() throws ReflectiveOperationException {
        Method enable = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
        enable.setAccessible(true);
        enable.invoke(LibcSocketCalls.class.getModule());
        return new LibcSocketCalls();
    }

    @Override
    public int socket(int domain, int type, int protocol) throws IOException {
        int fd;
        try {
            fd = (int) socket.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw new IOException("socket: " + t, t);
        }
        if (fd < 0) {
            throw failed("socket");
        }
        return fd;
    }

    @Override
    public void receiveTimeout(int fd, int seconds) throws IOException {
        int result;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(TIMEVAL_BYTES, 8);
            timeval.set(JAVA_LONG, 0, seconds);
            timeval.set(JAVA_LONG, 8, 0);
            result = (int) setsockopt.invokeExact(callState, fd, SOL_SOCKET, SO_RCVTIMEO, timeval, (int) TIMEVAL_BYTES);
        } catch (Throwable t) {
            throw new IOException("setsockopt: " + t, t);
        }
        if (result < 0) {
            throw failed("setsockopt SO_RCVTIMEO");
        }
    }

    @Override
    public long send(int fd, MemorySegment bytes) throws IOException {
        long sent;
        try {
            sent = (long) send.invokeExact(callState, fd, bytes, bytes.byteSize(), 0);
        } catch (Throwable t) {
            throw new IOException("send: " + t, t);
        }
        if (sent < 0) {
            throw failed("send");
        }
        return sent;
    }

    @Override
    public long receive(int fd, MemorySegment buffer) throws IOException {
        long received;
        try {
            received = (long) recv.invokeExact(callState, fd, buffer, buffer.byteSize(), 0);
        } catch (Throwable t) {
            throw new IOException("recv: " + t, t);
        }
        if (received < 0) {
            throw failed("recv");
        }
        return received;
    }

    @Override
    public void close(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable t) {
            // nothing to do: on Linux the fd is released even when close reports an error
        }
    }

    private IOException failed(String call) {
        int errno = (int) ERRNO.get(callState, 0L);
        return new IOException(call + (errno == EAGAIN ? " timed out (errno EAGAIN): the kernel did not answer"
                : " failed, errno " + errno));
    }
}
