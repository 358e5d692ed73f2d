package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/** {@code sun.nio.ch.ServerSocketChannelImpl}; like SocketChannelImpl, chained constructors exit twice. */
final class ServerSocketChannelImplInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.ServerSocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "ServerSocketChannel";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(SharedAdvice.opensChannel(Codes.SERVER_SOCKET_CHANNEL).on(isConstructor()))
                .visit(Advice.to(SharedAdvice.ClosesThis.class)
                        .on(named("implCloseSelectableChannel").and(takesArguments(0))))
                // begin(blocking) starts every accept(): the accepting thread is this socket's user.
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(named("begin").and(takesArguments(boolean.class))));
    }
}
