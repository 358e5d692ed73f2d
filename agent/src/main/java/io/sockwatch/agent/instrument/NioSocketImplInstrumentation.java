package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import sun.nio.ch.SockwatchHook;

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
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(Advice.to(Create.class).on(named("create").and(takesArguments(boolean.class))))
                .visit(Advice.to(SharedAdvice.AcceptsSocketImpl.class).on(named("accept").and(takesArguments(1))))
                .visit(Advice.to(SharedAdvice.ClosesThis.class).on(named("close").and(takesArguments(0))))
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(namedOneOf("beginRead", "beginWrite", "beginAccept")
                        .and(takesArguments(0))));
    }

    static final class Create {
        /** The fd exists only after create() returns; a failed create() never reaches this exit advice. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) boolean stream,
                         @Advice.FieldValue("server") boolean server) {
            if (stream) {
                SockwatchHook.opened(self, server ? Codes.SERVER_SOCKET : Codes.SOCKET, -1);
            }
        }
    }
}
