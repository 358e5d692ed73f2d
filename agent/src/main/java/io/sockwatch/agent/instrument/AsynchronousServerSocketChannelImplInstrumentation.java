package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

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
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(SharedAdvice.opensThis(Codes.ASYNC_SERVER_SOCKET_CHANNEL).on(isConstructor()))
                .visit(Advice.to(SharedAdvice.ClosesThis.class).on(named("close").and(takesArguments(0))))
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(named("accept")));
    }
}
