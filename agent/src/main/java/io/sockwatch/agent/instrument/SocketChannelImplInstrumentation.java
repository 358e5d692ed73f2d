package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/**
 * {@code sun.nio.ch.SocketChannelImpl}. Every constructor creates or adopts an fd: the ones taking a
 * FileDescriptor wrap an accepted (or inherited) fd. Chained constructors exit twice for one channel;
 * the registry ignores the second open. The channel has no cleaner, so a dropped one leaks its fd for good.
 */
final class SocketChannelImplInstrumentation implements SocketInstrumentation {

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
                return HookCall.opensChannel(descriptor.contains(FILE_DESCRIPTOR) ? Codes.ACCEPTED_SOCKET_CHANNEL
                        : Codes.SOCKET_CHANNEL);
            case "implCloseSelectableChannel":
                // Runs once per channel: AbstractInterruptibleChannel.close() guards it with its closed flag.
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "beginRead":
            case "beginWrite":
                return descriptor.startsWith("(Z)") ? HookCall.usesThis() : null;
            default:
                return null;
        }
    }
}
