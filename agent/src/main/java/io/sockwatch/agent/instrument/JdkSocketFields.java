package io.sockwatch.agent.instrument;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import sun.nio.ch.SockwatchHook;

/**
 * Reads what sockwatch needs from the JDK objects that own sockets: fd, role, address family, endpoints (and, for
 * the one owner that is not the JDK's, a Netty native channel, asks {@link NettyChannels}).
 * Plain field reads, never the public getters: those take the channel's state lock, and the scanner must not
 * make an application thread wait. The handles are static finals so the JIT folds them on the hook path.
 * One holder class per owner type, resolved when the first owner of that type is seen (its class is loaded then):
 * resolving them all at start would load and transform every socket class of the JDK in every JVM. Fields that
 * only some JDKs have are optional, a missing one degrades one answer; a missing required one fails that kind's
 * hooks, which count it with the internal errors every report shows.
 */
public final class JdkSocketFields {
    private JdkSocketFields() {
    }

    /** java.net.Socket and its impls: every plain socket and server socket, and the HTTP clients' connections. */
    private static final class Impl {
        static final VarHandle FD = field("java.net.SocketImpl", "fd", FileDescriptor.class);
        static final VarHandle ADDRESS = field("java.net.SocketImpl", "address", InetAddress.class);
        static final VarHandle PORT = field("java.net.SocketImpl", "port", int.class);
        static final VarHandle LOCAL_PORT = field("java.net.SocketImpl", "localport", int.class);
        static final VarHandle PLAIN_IS_SERVER = optional("java.net.AbstractPlainSocketImpl", "isServer",
                boolean.class);
        static final VarHandle SERVER_SOCKET = optional("java.net.SocketImpl", "serverSocket",
                java.net.ServerSocket.class);
        static final VarHandle SOCKET_IMPL = field("java.net.Socket", "impl", SocketImpl.class);
        /** JDK 13+: SocksSocketImpl (every plain {@code new Socket()}) delegates to the platform impl sockwatch tracks. */
        static final VarHandle DELEGATE = optional("java.net.DelegatingSocketImpl", "delegate", SocketImpl.class);
    }

    private static final class Channel {
        static final VarHandle FD = field("sun.nio.ch.SocketChannelImpl", "fdVal", int.class);
        static final Class<?> TYPE = FD.coordinateTypes().get(0);
        static final VarHandle FAMILY = optional("sun.nio.ch.SocketChannelImpl", "family",
                java.net.ProtocolFamily.class);
        static final VarHandle LOCAL = address("sun.nio.ch.SocketChannelImpl", "localAddress");
        static final VarHandle REMOTE = address("sun.nio.ch.SocketChannelImpl", "remoteAddress");
    }

    private static final class ServerChannel {
        static final VarHandle FD = field("sun.nio.ch.ServerSocketChannelImpl", "fdVal", int.class);
        static final Class<?> TYPE = FD.coordinateTypes().get(0);
        static final VarHandle FAMILY = optional("sun.nio.ch.ServerSocketChannelImpl", "family",
                java.net.ProtocolFamily.class);
        static final VarHandle LOCAL = address("sun.nio.ch.ServerSocketChannelImpl", "localAddress");
    }

    private static final class AsyncChannel {
        static final VarHandle FD = field("sun.nio.ch.AsynchronousSocketChannelImpl", "fd", FileDescriptor.class);
        static final VarHandle LOCAL = address("sun.nio.ch.AsynchronousSocketChannelImpl", "localAddress");
        static final VarHandle REMOTE = address("sun.nio.ch.AsynchronousSocketChannelImpl", "remoteAddress");
    }

    private static final class AsyncServerChannel {
        static final VarHandle FD = field("sun.nio.ch.AsynchronousServerSocketChannelImpl", "fd",
                FileDescriptor.class);
        static final VarHandle LOCAL = address("sun.nio.ch.AsynchronousServerSocketChannelImpl", "localAddress");
    }

    /** Read when a pool takes a connection back. */
    private static final class Pooled {
        /** The socket a layered SSL socket (HTTPS over a connected socket) sends through; itself when not layered. */
        static final VarHandle SSL_LAYERED_OVER = optional("sun.security.ssl.BaseSSLSocketImpl", "self",
                java.net.Socket.class);
        /** The connection of an {@code HttpURLConnection}'s keep-alive cache entry. */
        static final VarHandle NETWORK_CLIENT_SOCKET = optional("sun.net.NetworkClient", "serverSocket",
                java.net.Socket.class);
    }

    private static final class Selectable {
        static final VarHandle KEYS = optional("java.nio.channels.spi.AbstractSelectableChannel", "keys",
                java.nio.channels.SelectionKey[].class);
    }

    /** The OS fd behind {@code owner}, -1 if unknown. */
    public static int fd(Object owner) {
        if (owner instanceof SocketImpl) {
            return SockwatchHook.fdVal((FileDescriptor) Impl.FD.get((SocketImpl) owner));
        }
        if (owner instanceof SocketChannel) {
            return (int) Channel.FD.get(owner);
        }
        if (owner instanceof ServerSocketChannel) {
            return (int) ServerChannel.FD.get(owner);
        }
        if (owner instanceof AsynchronousSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) AsyncChannel.FD.get(owner));
        }
        if (owner instanceof AsynchronousServerSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) AsyncServerChannel.FD.get(owner));
        }
        return NettyChannels.fd(owner); // the one owner that is not the JDK's
    }

    /**
     * The fd of a JDK socket channel or server socket channel, as its open hook passes it; -1 for other owners. The
     * public superclass is checked first: it keeps a JVM that only uses {@code java.net.Socket} from loading channel
     * classes for this.
     */
    static int channelFd(Object owner) {
        if (owner instanceof SocketChannel) {
            return Channel.TYPE.isInstance(owner) ? (int) Channel.FD.get(owner) : -1;
        }
        if (owner instanceof ServerSocketChannel) {
            return ServerChannel.TYPE.isInstance(owner) ? (int) ServerChannel.FD.get(owner) : -1;
        }
        return -1;
    }

    /**
     * The impl sockwatch tracks behind {@code socket}: that of the socket an SSL socket is layered over (HTTPS
     * clients connect first, then layer TLS), then the platform impl a {@code SocksSocketImpl} delegates to, or the
     * impl itself (a legacy PlainSocketImpl, or a custom one).
     */
    static Object trackedImpl(java.net.Socket socket) {
        java.net.Socket plain = Pooled.SSL_LAYERED_OVER != null && isA(socket, "sun.security.ssl.BaseSSLSocketImpl")
                ? (java.net.Socket) Pooled.SSL_LAYERED_OVER.get(socket) : socket;
        SocketImpl impl = (SocketImpl) Impl.SOCKET_IMPL.get(plain == null ? socket : plain);
        return Impl.DELEGATE != null && isA(impl, "java.net.DelegatingSocketImpl")
                ? Impl.DELEGATE.get(impl) : impl;
    }

    /** The socket of a {@code sun.net.NetworkClient} (the JDK's HTTP/FTP clients), or null for other objects. */
    static java.net.Socket networkClientSocket(Object client) {
        return Pooled.NETWORK_CLIENT_SOCKET != null && isA(client, "sun.net.NetworkClient")
                ? (java.net.Socket) Pooled.NETWORK_CLIENT_SOCKET.get(client) : null;
    }

    /** By name, walking superclasses: these JDK classes are not public, and loading them here is not wanted. */
    private static boolean isA(Object o, String className) {
        for (Class<?> c = o == null ? null : o.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a legacy PlainSocketImpl was created for a ServerSocket. */
    static boolean isServerPlainImpl(Object impl) {
        if (Impl.PLAIN_IS_SERVER != null) {
            return (boolean) Impl.PLAIN_IS_SERVER.get(impl);
        }
        return Impl.SERVER_SOCKET != null && Impl.SERVER_SOCKET.get((SocketImpl) impl) != null;
    }

    /** Unix-domain channels have no TCP state; sockwatch ignores them. */
    static boolean isUnixDomain(Object owner) {
        Object family = null;
        if (owner instanceof SocketChannel && Channel.FAMILY != null) {
            family = Channel.FAMILY.get(owner);
        } else if (owner instanceof ServerSocketChannel && ServerChannel.FAMILY != null) {
            family = ServerChannel.FAMILY.get(owner);
        }
        // By name: StandardProtocolFamily.UNIX does not exist on JDK 11.
        return family instanceof Enum && "UNIX".equals(((Enum<?>) family).name());
    }

    /**
     * The selection keys of a channel registered with selectors (an event loop's), read without the channel's key
     * lock; empty for other owners, or when this JDK has no such field.
     */
    public static java.util.List<java.nio.channels.SelectionKey> selectionKeys(Object owner) {
        if (Selectable.KEYS == null || !(owner instanceof java.nio.channels.spi.AbstractSelectableChannel)) {
            return java.util.List.of();
        }
        java.nio.channels.SelectionKey[] keys = (java.nio.channels.SelectionKey[]) Selectable.KEYS.get(owner);
        java.util.List<java.nio.channels.SelectionKey> registered = new java.util.ArrayList<>();
        for (java.nio.channels.SelectionKey key : keys == null ? new java.nio.channels.SelectionKey[0] : keys) {
            if (key != null) {
                registered.add(key);
            }
        }
        return registered;
    }

    /** The endpoints a still-reachable owner holds now; {@link Endpoints#NONE} when unknown. */
    public static Endpoints endpoints(Object owner) {
        if (owner instanceof SocketImpl) {
            SocketImpl impl = (SocketImpl) owner;
            return new Endpoints(null, (int) Impl.LOCAL_PORT.get(impl), (InetAddress) Impl.ADDRESS.get(impl),
                    (int) Impl.PORT.get(impl));
        }
        if (owner instanceof SocketChannel) {
            return Endpoints.of((SocketAddress) Channel.LOCAL.get(owner), (SocketAddress) Channel.REMOTE.get(owner));
        }
        if (owner instanceof ServerSocketChannel) {
            return Endpoints.of((SocketAddress) ServerChannel.LOCAL.get(owner), null);
        }
        if (owner instanceof AsynchronousSocketChannel) {
            return Endpoints.of((SocketAddress) AsyncChannel.LOCAL.get(owner), (SocketAddress) AsyncChannel.REMOTE.get(owner));
        }
        if (owner instanceof AsynchronousServerSocketChannel) {
            return Endpoints.of((SocketAddress) AsyncServerChannel.LOCAL.get(owner), null);
        }
        return NettyChannels.endpoints(owner);
    }

    private static VarHandle field(String owner, String name, Class<?> type) {
        try {
            // Never initialised here: initialising JDK socket classes loads libnet and fixes networking
            // properties before the application's main could set them. Instance field handles need no init.
            Class<?> c = Class.forName(owner, false, null);
            return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findVarHandle(c, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK has no " + owner + "." + name + " (" + e + ")", e);
        }
    }

    /** Address fields are SocketAddress on JDK 17+ and InetSocketAddress on older JDKs. */
    private static VarHandle address(String owner, String name) {
        VarHandle h = optional(owner, name, SocketAddress.class);
        return h != null ? h : field(owner, name, java.net.InetSocketAddress.class);
    }

    private static VarHandle optional(String owner, String name, Class<?> type) {
        try {
            return field(owner, name, type);
        } catch (IllegalStateException absentOnThisJdk) {
            return null;
        }
    }
}
