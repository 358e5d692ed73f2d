package io.sockwatch.agent.instrument;

/**
 * {@code sun.nio.ch.NioSocketImpl}, the platform impl behind every {@code Socket} and {@code ServerSocket} on
 * JDK 13+. Hooked here rather than on {@code java.net.Socket} because creation there is lazy, socket adaptors
 * and layered SSL sockets forward close() to a second Socket object, and a custom SocksSocketImpl delegates:
 * the impl is the one object that owns the fd exactly once.
 */
final class NioSocketImplInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.NioSocketImpl";
    }

    @Override
    public String purpose() {
        return "Socket and ServerSocket";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case "create":
                return descriptor.equals("(Z)V") ? HookCall.createsStreamImpl("server") : null;
            case "accept":
                return SocketInstrumentation.takesArguments(descriptor, 1) ? HookCall.acceptsSocketImpl() : null;
            case "close":
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "beginRead":
            case "beginWrite":
            case "beginAccept":
                return SocketInstrumentation.takesArguments(descriptor, 0) ? HookCall.usesThis() : null;
            default:
                return null;
        }
    }
}
