package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/** {@code sun.nio.ch.AsynchronousServerSocketChannelImpl}, whose only constructor creates the listening fd. */
final class AsynchronousServerSocketChannelImplInstrumentation implements SocketInstrumentation {
    private static final HookCall OPEN = HookCall.opensThis(Codes.ASYNC_SERVER_SOCKET_CHANNEL);
    private static final HookCall CLOSE = HookCall.closesThis();
    private static final HookCall USE = HookCall.usesThis();

    @Override
    public String typeName() {
        return "sun.nio.ch.AsynchronousServerSocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "AsynchronousServerSocketChannel";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case CONSTRUCTOR:
                return OPEN;
            case "close":
                return descriptor.equals("()V") ? CLOSE : null;
            case "accept":
                return USE;
            default:
                return null;
        }
    }
}
