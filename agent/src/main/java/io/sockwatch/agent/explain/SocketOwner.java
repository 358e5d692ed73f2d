package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The open Java object behind a socket fd of the dumped JVM: a {@code Socket} or {@code ServerSocket} (through its
 * impl, and a SOCKS or delegating impl's delegate), a {@code SocketChannel} or {@code ServerSocketChannel} (a socket
 * adaptor belongs to its channel), or a socket of Netty's native transports. Field layouts differ between JDK 17,
 * 17 with {@code usePlainSocketImpl}, and 25; only fields present in all are relied on, and the closed state is read
 * per class because a closed {@code NioSocketImpl} keeps its old fd number, which a live socket may have reused.
 */
final class SocketOwner {
    /** Classes (and their subclasses) whose instances the index keeps for {@link #find}. */
    static final Predicate<String> CLASSES = name -> name.equals("java.net.Socket")
            || name.equals("java.net.ServerSocket")
            || name.equals("java.net.SocketImpl")
            || name.equals("sun.nio.ch.SocketChannelImpl")
            || name.equals("sun.nio.ch.ServerSocketChannelImpl")
            // Netty and its relocated copies (e.g. io.grpc.netty.shaded.io.netty): sockets made in native code
            || name.endsWith("netty.channel.unix.FileDescriptor");

    /** Socket.state bit on JDK 21+ (17 has a boolean). */
    private static final int SOCKET_CLOSED_BIT = 1 << 3;
    private static final int NIO_SOCKET_IMPL_CLOSING = 4;
    private static final int SOCKET_CHANNEL_CLOSING = 3;
    private static final int SERVER_SOCKET_CHANNEL_CLOSING = 1;
    private static final int NETTY_CLOSED_BIT = 1;

    private final int node;
    private final String className;
    /** Lower is the better owner: the object application code holds rather than its implementation. */
    private final int rank;

    private SocketOwner(int node, String className, int rank) {
        this.node = node;
        this.className = className;
        this.rank = rank;
    }

    /** The object retention paths lead to. */
    int node() {
        return node;
    }

    /** e.g. {@code java.net.Socket}, {@code sun.nio.ch.SocketChannelImpl}. */
    String className() {
        return className;
    }

    /**
     * For each fd of {@code fds}, the open objects that own it, best first (a {@code Socket} before its impl). An
     * fd no object owns is absent.
     */
    static Map<Integer, List<SocketOwner>> find(HeapIndex heap, Set<Integer> fds) throws IOException {
        Map<Integer, List<SocketOwner>> owners = new HashMap<>();
        for (int node : heap.keptInstances()) {
            HeapObject o = HeapObject.read(heap, node);
            int fd = -1;
            int rank = 0;
            if (o.isInstanceOf("java.net.Socket") || o.isInstanceOf("java.net.ServerSocket")) {
                if (isClosedSocket(o)) {
                    continue;
                }
                fd = implFd(heap, o.reference("impl"));
            } else if (o.isInstanceOf("java.net.SocketImpl")) {
                fd = implFd(heap, o.node());
                rank = 1;
            } else if (o.isInstanceOf("sun.nio.ch.SocketChannelImpl")) {
                fd = o.intValue("state", 0) >= SOCKET_CHANNEL_CLOSING ? -1 : o.intValue("fdVal", -1);
            } else if (o.isInstanceOf("sun.nio.ch.ServerSocketChannelImpl")) {
                fd = o.intValue("state", 0) >= SERVER_SOCKET_CHANNEL_CLOSING ? -1 : o.intValue("fdVal", -1);
            } else {
                fd = (o.intValue("state", 0) & NETTY_CLOSED_BIT) != 0 ? -1 : o.intValue("fd", -1);
            }
            if (fd >= 0 && fds.contains(fd)) {
                owners.computeIfAbsent(fd, k -> new ArrayList<>()).add(new SocketOwner(node, o.className(), rank));
            }
        }
        owners.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.rank, b.rank)));
        return owners;
    }

    private static boolean isClosedSocket(HeapObject socket) {
        if (socket.field("closed") != null) {
            return socket.intValue("closed", 0) != 0;
        }
        return (socket.intValue("state", 0) & SOCKET_CLOSED_BIT) != 0;
    }

    /** The fd of an open socket impl (following delegates), or -1. */
    private static int implFd(HeapIndex heap, long implId) throws IOException {
        int node = heap.node(implId);
        for (int hops = 0; node >= 0 && hops < 4; hops++) {
            HeapObject impl = HeapObject.read(heap, node);
            long delegate = impl.reference("delegate");
            if (delegate != 0) {
                node = heap.node(delegate);
                continue;
            }
            if (impl.className().equals("sun.nio.ch.NioSocketImpl")
                    && impl.intValue("state", 0) >= NIO_SOCKET_IMPL_CLOSING) {
                return -1;
            }
            int descriptor = heap.node(impl.reference("fd"));
            // a closed PlainSocketImpl's descriptor holds -1
            return descriptor < 0 ? -1 : HeapObject.read(heap, descriptor).intValue("fd", -1);
        }
        return -1;
    }
}
