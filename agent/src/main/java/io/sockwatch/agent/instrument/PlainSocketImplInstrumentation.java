package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import sun.nio.ch.SockwatchHook;

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
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                .visit(Advice.to(Create.class).on(named("create").and(takesArguments(boolean.class))))
                .visit(Advice.to(SharedAdvice.AcceptsSocketImpl.class).on(named("accept").and(takesArguments(1))))
                .visit(Advice.to(SharedAdvice.ClosesThis.class).on(named("close").and(takesArguments(0))))
                // Both socket streams take the fd through acquireFD() for every read and write.
                .visit(Advice.to(SharedAdvice.UsesThis.class).on(named("acquireFD").and(takesArguments(0))));
    }

    static final class Create {
        /** Client or server is a field whose name differs between JDK 11 and 17, so the dispatcher reads it. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.Argument(0) boolean stream) {
            if (stream) {
                SockwatchHook.opened(self, Codes.PLAIN_SOCKET_IMPL, -1);
            }
        }
    }
}
