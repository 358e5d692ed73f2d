package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

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
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(SharedAdvice.opensThis(Codes.ASYNC_SOCKET_CHANNEL).on(isConstructor().and(not(SocketChannelImplInstrumentation.ADOPTS_FD))))
                .visit(SharedAdvice.opensThis(Codes.ACCEPTED_ASYNC_SOCKET_CHANNEL).on(SocketChannelImplInstrumentation.ADOPTS_FD))
                .visit(Advice.to(SharedAdvice.ClosesThis.class).on(named("close").and(takesArguments(0))))
                // The private read/write(isScattering, ...) behind every public read and write.
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(namedOneOf("read", "write").and(takesArguments(7))));
    }
}
