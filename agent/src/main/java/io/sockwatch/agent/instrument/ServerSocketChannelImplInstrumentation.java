package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/** {@code sun.nio.ch.ServerSocketChannelImpl}; like SocketChannelImpl, chained constructors exit twice. */
final class ServerSocketChannelImplInstrumentation implements SocketInstrumentation {
    private static final HookCall OPEN = HookCall.opensChannel(Codes.SERVER_SOCKET_CHANNEL);
    private static final HookCall CLOSE = HookCall.closesThis();
    private static final HookCall USE = HookCall.usesThis();

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
                return OPEN;
            case "implCloseSelectableChannel":
                return descriptor.equals("()V") ? CLOSE : null;
            case "begin":
                // begin(blocking) starts every accept(): the accepting thread is this socket's user.
                return descriptor.startsWith("(Z)") ? USE : null;
            default:
                return null;
        }
    }
}
