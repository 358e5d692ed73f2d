package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/**
 * {@code sun.nio.ch.SocketChannelImpl}. Every constructor creates or adopts an fd: the ones taking a
 * FileDescriptor wrap an accepted (or inherited) fd. Chained constructors exit twice for one channel;
 * the registry ignores the second open. The channel has no cleaner, so a dropped one leaks its fd for good.
 */
final class SocketChannelImplInstrumentation implements SocketInstrumentation {
    private static final HookCall OPEN = HookCall.opensChannel(Codes.SOCKET_CHANNEL);
    private static final HookCall ADOPT = HookCall.opensChannel(Codes.ACCEPTED_SOCKET_CHANNEL);
    private static final HookCall CLOSE = HookCall.closesThis();
    private static final HookCall USE = HookCall.usesThis();

    @Override
    public String typeName() {
        return "sun.nio.ch.SocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "SocketChannel";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case CONSTRUCTOR:
                return descriptor.contains(FILE_DESCRIPTOR) ? ADOPT : OPEN;
            case "implCloseSelectableChannel":
                // Runs once per channel: AbstractInterruptibleChannel.close() guards it with its closed flag.
                return descriptor.equals("()V") ? CLOSE : null;
            case "beginRead":
            case "beginWrite":
                return descriptor.startsWith("(Z)") ? USE : null;
            default:
                return null;
        }
    }
}
