package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import sun.nio.ch.SockwatchHook;

/**
 * {@code sun.net.www.http.KeepAliveCache}, where {@code HttpURLConnection} parks a connection whose response was
 * read to the end. The cache closes it after the server's keep-alive time, so in CLOSE_WAIT meanwhile it is no leak.
 */
final class KeepAliveCacheInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "sun.net.www.http.KeepAliveCache";
    }

    @Override
    public String purpose() {
        return "idle HttpURLConnection keep-alive";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(Put.class).on(named("put").and(takesArguments(3))));
    }

    static final class Put {
        /** On entry: once cached, another thread may take the connection and use it. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object cache, @Advice.Argument(2) Object client) {
            SockwatchHook.idle(client, cache);
        }
    }
}
