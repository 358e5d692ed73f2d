package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.hasType;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

import io.sockwatch.agent.registry.SocketKind.Codes;
import java.io.FileDescriptor;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code sun.nio.ch.SocketChannelImpl}. Every constructor creates or adopts an fd: the ones taking a
 * FileDescriptor wrap an accepted (or inherited) fd. Chained constructors exit twice for one channel;
 * the registry ignores the second open. The channel has no cleaner, so a dropped one leaks its fd for good.
 */
final class SocketChannelImplInstrumentation implements SocketInstrumentation {

    static final ElementMatcher.Junction<MethodDescription> ADOPTS_FD =
            isConstructor().and(hasParameters(whereAny(hasType(named(FileDescriptor.class.getName())))));

    @Override
    public String typeName() {
        return "sun.nio.ch.SocketChannelImpl";
    }

    @Override
    public String purpose() {
        return "SocketChannel";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(SharedAdvice.opensChannel(Codes.SOCKET_CHANNEL).on(isConstructor().and(not(ADOPTS_FD))))
                .visit(SharedAdvice.opensChannel(Codes.ACCEPTED_SOCKET_CHANNEL).on(ADOPTS_FD))
                // Runs once per channel: AbstractInterruptibleChannel.close() guards it with its closed flag.
                .visit(Advice.to(SharedAdvice.ClosesThis.class)
                        .on(named("implCloseSelectableChannel").and(takesArguments(0))))
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(namedOneOf("beginRead", "beginWrite")
                        .and(takesArguments(boolean.class))));
    }
}
