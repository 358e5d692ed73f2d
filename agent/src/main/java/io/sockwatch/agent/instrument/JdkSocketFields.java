package io.sockwatch.agent.instrument;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import sun.nio.ch.SockwatchHook;

/**
 * Reads what sockwatch needs from the JDK objects that own sockets: fd, role, address family, endpoints.
 * Needs {@code java.net} and {@code sun.nio.ch} opened to the agent (see {@link JavaBaseHook}). Fields that
 * only some JDKs have are optional; a missing one degrades one answer, never the whole agent.
 */
public final class JdkSocketFields {
    private final VarHandle implFd;
    private final VarHandle implAddress;
    private final VarHandle implPort;
    private final VarHandle implLocalPort;
    private final VarHandle plainIsServer;      // JDK 13-17 AbstractPlainSocketImpl
    private final VarHandle implServerSocket;   // JDK 11 SocketImpl
    private final VarHandle channelFdVal;
    private final VarHandle channelFamily;      // JDK 16+: unix-domain channels exist
    private final VarHandle serverChannelFdVal;
    private final VarHandle serverChannelFamily;
    private final VarHandle asyncFd;
    private final VarHandle asyncServerFd;

    JdkSocketFields() throws ReflectiveOperationException {
        implFd = field(SocketImpl.class, "fd", FileDescriptor.class);
        implAddress = field(SocketImpl.class, "address", InetAddress.class);
        implPort = field(SocketImpl.class, "port", int.class);
        implLocalPort = field(SocketImpl.class, "localport", int.class);
        plainIsServer = optionalField("java.net.AbstractPlainSocketImpl", "isServer", boolean.class);
        implServerSocket = optionalField("java.net.SocketImpl", "serverSocket", java.net.ServerSocket.class);
        channelFdVal = field(Class.forName("sun.nio.ch.SocketChannelImpl"), "fdVal", int.class);
        channelFamily = optionalField("sun.nio.ch.SocketChannelImpl", "family", java.net.ProtocolFamily.class);
        serverChannelFdVal = field(Class.forName("sun.nio.ch.ServerSocketChannelImpl"), "fdVal", int.class);
        serverChannelFamily = optionalField("sun.nio.ch.ServerSocketChannelImpl", "family", java.net.ProtocolFamily.class);
        asyncFd = field(Class.forName("sun.nio.ch.AsynchronousSocketChannelImpl"), "fd", FileDescriptor.class);
        asyncServerFd = field(Class.forName("sun.nio.ch.AsynchronousServerSocketChannelImpl"), "fd", FileDescriptor.class);
    }

    /** The OS fd behind {@code owner}, -1 if unknown. */
    int fd(Object owner) {
        if (owner instanceof SocketImpl) {
            return SockwatchHook.fdVal((FileDescriptor) implFd.get(owner));
        }
        if (owner instanceof SocketChannel) {
            return (int) channelFdVal.get(owner);
        }
        if (owner instanceof ServerSocketChannel) {
            return (int) serverChannelFdVal.get(owner);
        }
        if (owner instanceof AsynchronousSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) asyncFd.get(owner));
        }
        if (owner instanceof AsynchronousServerSocketChannel) {
            return SockwatchHook.fdVal((FileDescriptor) asyncServerFd.get(owner));
        }
        return -1;
    }

    /** Whether a legacy PlainSocketImpl was created for a ServerSocket. */
    boolean isServerPlainImpl(Object impl) {
        if (plainIsServer != null) {
            return (boolean) plainIsServer.get(impl);
        }
        return implServerSocket != null && implServerSocket.get(impl) != null;
    }

    /** Unix-domain channels have no TCP state; sockwatch ignores them. */
    boolean isUnixDomain(Object owner) {
        Object family = null;
        if (owner instanceof SocketChannel && channelFamily != null) {
            family = channelFamily.get(owner);
        } else if (owner instanceof ServerSocketChannel && serverChannelFamily != null) {
            family = serverChannelFamily.get(owner);
        }
        // By name: StandardProtocolFamily.UNIX does not exist on JDK 11.
        return family instanceof Enum && "UNIX".equals(((Enum<?>) family).name());
    }

    /** Current endpoints of a still-reachable owner; {@link Endpoints#NONE} once closed or unknown. */
    public Endpoints endpoints(Object owner) {
        try {
            if (owner instanceof SocketImpl) {
                return new Endpoints(null, (int) implLocalPort.get(owner),
                        (InetAddress) implAddress.get(owner), (int) implPort.get(owner));
            }
            if (owner instanceof SocketChannel) {
                SocketChannel c = (SocketChannel) owner;
                return Endpoints.of(c.getLocalAddress(), c.getRemoteAddress());
            }
            if (owner instanceof AsynchronousSocketChannel) {
                AsynchronousSocketChannel c = (AsynchronousSocketChannel) owner;
                return Endpoints.of(c.getLocalAddress(), c.getRemoteAddress());
            }
            if (owner instanceof NetworkChannel) {
                return Endpoints.of(((NetworkChannel) owner).getLocalAddress(), null);
            }
        } catch (Exception closedMeanwhile) {
            return Endpoints.NONE;
        }
        return Endpoints.NONE;
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
    }

    private static VarHandle optionalField(String owner, String name, Class<?> type) {
        try {
            return field(Class.forName(owner), name, type);
        } catch (ReflectiveOperationException absentOnThisJdk) {
            return null;
        }
    }
}
