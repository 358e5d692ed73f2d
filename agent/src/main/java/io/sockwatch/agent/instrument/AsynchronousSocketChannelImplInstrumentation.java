package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/**
 * {@code sun.nio.ch.AsynchronousSocketChannelImpl}, the platform-neutral base of the async channels. Its two
 * constructors do not chain; the one taking a FileDescriptor wraps an accepted fd. An open async channel stays
 * registered with its completion port, so the GC never reclaims it: only close() ends its record.
 */
final class AsynchronousSocketChannelImplInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.AsynchronousSocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "AsynchronousSocketChannel";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case CONSTRUCTOR:
                return HookCall.opensThis(descriptor.contains(FILE_DESCRIPTOR) ? Codes.ACCEPTED_ASYNC_SOCKET_CHANNEL
                        : Codes.ASYNC_SOCKET_CHANNEL);
            case "close":
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "read":
            case "write":
                // The private read/write(isScattering, ...) behind every public read and write.
                return SocketInstrumentation.takesArguments(descriptor, 7) ? HookCall.usesThis() : null;
            default:
                return null;
        }
    }
}
