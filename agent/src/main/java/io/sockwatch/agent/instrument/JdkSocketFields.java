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
 * Initialised by {@link #load()} once {@link JavaBaseHook} opened {@code java.net} and {@code sun.nio.ch};
 * fields that only some JDKs have are optional, a missing one degrades one answer, never the whole agent.
 */
public final class JdkSocketFields {
    private static final VarHandle IMPL_FD = field("java.net.SocketImpl", "fd", FileDescriptor.class);
    private static final VarHandle IMPL_ADDRESS = field("java.net.SocketImpl", "address", InetAddress.class);
    private static final VarHandle IMPL_PORT = field("java.net.SocketImpl", "port", int.class);
    private static final VarHandle IMPL_LOCAL_PORT = field("java.net.SocketImpl", "localport", int.class);
    private static final VarHandle PLAIN_IS_SERVER = optional("java.net.AbstractPlainSocketImpl", "isServer", boolean.class);
    private static final VarHandle IMPL_SERVER_SOCKET = optional("java.net.SocketImpl", "serverSocket", java.net.ServerSocket.class);
    private static final VarHandle CHANNEL_FD = field("sun.nio.ch.SocketChannelImpl", "fdVal", int.class);
    private static final VarHandle CHANNEL_FAMILY = optional("sun.nio.ch.SocketChannelImpl", "family", java.net.ProtocolFamily.class);
    private static final VarHandle CHANNEL_LOCAL = address("sun.nio.ch.SocketChannelImpl", "localAddress");
    private static final VarHandle CHANNEL_REMOTE = address("sun.nio.ch.SocketChannelImpl", "remoteAddress");
    private static final VarHandle SERVER_CHANNEL_FD = field("sun.nio.ch.ServerSocketChannelImpl", "fdVal", int.class);
    private static final VarHandle SERVER_CHANNEL_FAMILY = optional("sun.nio.ch.ServerSocketChannelImpl", "family", java.net.ProtocolFamily.class);
    private static final VarHandle SERVER_CHANNEL_LOCAL = address("sun.nio.ch.ServerSocketChannelImpl", "localAddress");
    private static final VarHandle ASYNC_FD = field("sun.nio.ch.AsynchronousSocketChannelImpl", "fd", FileDescriptor.class);
    private static final VarHandle ASYNC_LOCAL = address("sun.nio.ch.AsynchronousSocketChannelImpl", "localAddress");
    private static final VarHandle ASYNC_REMOTE = address("sun.nio.ch.AsynchronousSocketChannelImpl", "remoteAddress");
    private static final VarHandle ASYNC_SERVER_FD = field("sun.nio.ch.AsynchronousServerSocketChannelImpl", "fd", FileDescriptor.class);
    private static final VarHandle ASYNC_SERVER_LOCAL = address("sun.nio.ch.AsynchronousServerSocketChannelImpl", "localAddress");
    private static final VarHandle SOCKET_IMPL = field("java.net.Socket", "impl", SocketImpl.class);
    /** JDK 13+: SocksSocketImpl (every plain {@code new Socket()}) delegates to the platform impl sockwatch tracks. */
    private static final VarHandle DELEGATE = optional("java.net.DelegatingSocketImpl", "delegate", SocketImpl.class);
    /** The socket a layered SSL socket (HTTPS over a connected socket) sends through; itself when not layered. */
    private static final VarHandle SSL_LAYERED_OVER = optional("sun.security.ssl.BaseSSLSocketImpl", "self",
            java.net.Socket.class);
    /** The connection of an {@code HttpURLConnection}'s keep-alive cache entry. */
    private static final VarHandle NETWORK_CLIENT_SOCKET = optional("sun.net.NetworkClient", "serverSocket",
            java.net.Socket.class);
    private static final VarHandle SELECTION_KEYS = optional("java.nio.channels.spi.AbstractSelectableChannel", "keys",
            java.nio.channels.SelectionKey[].class);

    private JdkSocketFields() {
    }

    /** Resolves every handle now, so a JDK without a required field fails sockwatch's start, not a hook. */
    static void load() {
        // class initialisation does the work
    }

    /** The OS fd behind {@code owner}, -1 if unknown. */
    public static int fd(Object owner) {
        if (owner instanceof SocketImpl) {
            return SockwatchHook.fdVal((FileDescriptor) IMPL_FD.get((SocketImpl) owner));
        }
        if (owner instanceof SocketChannel) {
            return (int) CHANNEL_FD.get(owner);
        }
        if (owner instanceof ServerSocketChannel) {
            return (int) SERVER_CHANNEL_FD.get(owner);
        }
        if (owner instanceof AsynchronousSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) ASYNC_FD.get(owner));
        }
        if (owner instanceof AsynchronousServerSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) ASYNC_SERVER_FD.get(owner));
        }
        return NettyChannels.fd(owner); // the one owner that is not the JDK's
    }

    /**
     * The impl sockwatch tracks behind {@code socket}: that of the socket an SSL socket is layered over (HTTPS
     * clients connect first, then layer TLS), then the platform impl a {@code SocksSocketImpl} delegates to, or the
     * impl itself (a legacy PlainSocketImpl, or a custom one).
     */
    static Object trackedImpl(java.net.Socket socket) {
        java.net.Socket plain = SSL_LAYERED_OVER != null && isA(socket, "sun.security.ssl.BaseSSLSocketImpl")
                ? (java.net.Socket) SSL_LAYERED_OVER.get(socket) : socket;
        SocketImpl impl = (SocketImpl) SOCKET_IMPL.get(plain == null ? socket : plain);
        return DELEGATE != null && isA(impl, "java.net.DelegatingSocketImpl")
                ? DELEGATE.get(impl) : impl;
    }

    /** The socket of a {@code sun.net.NetworkClient} (the JDK's HTTP/FTP clients), or null for other objects. */
    static java.net.Socket networkClientSocket(Object client) {
        return NETWORK_CLIENT_SOCKET != null && isA(client, "sun.net.NetworkClient")
                ? (java.net.Socket) NETWORK_CLIENT_SOCKET.get(client) : null;
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
        if (PLAIN_IS_SERVER != null) {
            return (boolean) PLAIN_IS_SERVER.get(impl);
        }
        return IMPL_SERVER_SOCKET != null && IMPL_SERVER_SOCKET.get((SocketImpl) impl) != null;
    }

    /** Unix-domain channels have no TCP state; sockwatch ignores them. */
    static boolean isUnixDomain(Object owner) {
        Object family = null;
        if (owner instanceof SocketChannel && CHANNEL_FAMILY != null) {
            family = CHANNEL_FAMILY.get(owner);
        } else if (owner instanceof ServerSocketChannel && SERVER_CHANNEL_FAMILY != null) {
            family = SERVER_CHANNEL_FAMILY.get(owner);
        }
        // By name: StandardProtocolFamily.UNIX does not exist on JDK 11.
        return family instanceof Enum && "UNIX".equals(((Enum<?>) family).name());
    }

    /**
     * The selection keys of a channel registered with selectors (an event loop's), read without the channel's key
     * lock; empty for other owners, or when this JDK has no such field.
     */
    public static java.util.List<java.nio.channels.SelectionKey> selectionKeys(Object owner) {
        if (SELECTION_KEYS == null || !(owner instanceof java.nio.channels.spi.AbstractSelectableChannel)) {
            return java.util.List.of();
        }
        java.nio.channels.SelectionKey[] keys = (java.nio.channels.SelectionKey[]) SELECTION_KEYS.get(owner);
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
            return new Endpoints(null, (int) IMPL_LOCAL_PORT.get(impl), (InetAddress) IMPL_ADDRESS.get(impl),
                    (int) IMPL_PORT.get(impl));
        }
        if (owner instanceof SocketChannel) {
            return Endpoints.of((SocketAddress) CHANNEL_LOCAL.get(owner), (SocketAddress) CHANNEL_REMOTE.get(owner));
        }
        if (owner instanceof ServerSocketChannel) {
            return Endpoints.of((SocketAddress) SERVER_CHANNEL_LOCAL.get(owner), null);
        }
        if (owner instanceof AsynchronousSocketChannel) {
            return Endpoints.of((SocketAddress) ASYNC_LOCAL.get(owner), (SocketAddress) ASYNC_REMOTE.get(owner));
        }
        if (owner instanceof AsynchronousServerSocketChannel) {
            return Endpoints.of((SocketAddress) ASYNC_SERVER_LOCAL.get(owner), null);
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
