package io.sockwatch.agent.instrument;

/**
 * {@code java.net.AbstractPlainSocketImpl}: the Socket/ServerSocket impl of JDK 11, and of JDK 13-17 with
 * {@code -Djdk.net.usePlainSocketImpl=true}. Instrumenting the declaring abstract class fires once per impl
 * even where JDK 11's SocksSocketImpl overrides close() and calls super.close().
 */
final class PlainSocketImplInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "java.net.AbstractPlainSocketImpl";
    }

    @Override
    public String purpose() {
        return "Socket and ServerSocket (legacy PlainSocketImpl)";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        switch (name) {
            case "create":
                return descriptor.equals("(Z)V") ? HookCall.createsStreamImpl(null) : null;
            case "accept":
                return SocketInstrumentation.takesArguments(descriptor, 1) ? HookCall.acceptsSocketImpl() : null;
            case "close":
                return descriptor.equals("()V") ? HookCall.closesThis() : null;
            case "acquireFD":
                // Both socket streams take the fd through acquireFD() for every read and write.
                return SocketInstrumentation.takesArguments(descriptor, 0) ? HookCall.usesThis() : null;
            default:
                return null;
        }
    }
}
