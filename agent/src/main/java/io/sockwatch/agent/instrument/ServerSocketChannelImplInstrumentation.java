package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/** {@code sun.nio.ch.ServerSocketChannelImpl}; like SocketChannelImpl, chained constructors exit twice. */
final class ServerSocketChannelImplInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.ServerSocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "ServerSocketChannel";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case CONSTRUCTOR:
                return HookCall.opensChannel(Codes.SERVER_SOCKET_CHANNEL);
            case "implCloseSelectableChannel":
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "begin":
                // begin(blocking) starts every accept(): the accepting thread is this socket's user.
                return descriptor.startsWith("(Z)") ? HookCall.usesThis() : null;
            default:
                return null;
        }
    }
}
