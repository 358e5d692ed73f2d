package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/** {@code sun.nio.ch.AsynchronousServerSocketChannelImpl}, whose only constructor creates the listening fd. */
final class AsynchronousServerSocketChannelImplInstrumentation implements SocketInstrumentation {

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
                return HookCall.opensThis(Codes.ASYNC_SERVER_SOCKET_CHANNEL);
            case "close":
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "accept":
                return HookCall.usesThis();
            default:
                return null;
        }
    }
}
