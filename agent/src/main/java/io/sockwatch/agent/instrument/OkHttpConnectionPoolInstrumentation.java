package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/**
 * {@code okhttp3.internal.connection.RealConnectionPool} (OkHttp 4 and 5): a connection whose last call ended
 * becomes idle here. The pool either keeps it, until a call reuses it or its keep-alive duration passes, or
 * closes it at once, which the close hook sees.
 */
final class OkHttpConnectionPoolInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "okhttp3.internal.connection.RealConnectionPool";
    }

    @Override
    public String purpose() {
        return "idle OkHttp pooled";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(BecameIdle.class).on(named("connectionBecameIdle").and(takesArguments(1))));
    }

    static final class BecameIdle {
        /** Called under the connection's lock, which a call must take to reuse it: nothing uses it before this. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object pool, @Advice.Argument(0) Object connection) {
            java.net.SockwatchLibraryHook.idle(connection, pool);
        }
    }
}
