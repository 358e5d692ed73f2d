package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/**
 * {@code io.netty.channel.epoll.AbstractEpollChannel}, the base of every channel of Netty's native epoll transport.
 * Its sockets are made and accepted in native code, so no JDK class sees them: the channel is the owner instead,
 * which also leads to its pipeline. Relocated copies (gRPC's shaded Netty) match by the name's ending.
 */
final class NettyEpollChannelInstrumentation implements SocketInstrumentation {
    static final String TYPE = "io.netty.channel.epoll.AbstractEpollChannel";
    /**
     * Every constructor takes the LinuxSocket, open already; chained ones exit twice, the registry ignores the
     * second. Domain-socket and datagram channels are told apart by the dispatcher.
     */

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public boolean isLibrary() {
        return true;
    }

    @Override
    public String purpose() {
        return "Netty epoll";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case CONSTRUCTOR:
                return HookCall.libraryOpensThis(Codes.NETTY_EPOLL_CHANNEL);
            case "doClose":
                return SocketInstrumentation.takesArguments(descriptor, 0) ? HookCall.closesThis() : null;
            case "doReadBytes":
            case "doWriteBytes":
                // Every stream read goes through doReadBytes; writes of several buffers at once bypass doWriteBytes.
                return HookCall.usesThis();
            default:
                return null;
        }
    }
}
