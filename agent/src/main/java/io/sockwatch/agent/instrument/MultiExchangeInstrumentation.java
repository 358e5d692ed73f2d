package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import sun.nio.ch.SockwatchHook;

/**
 * {@code jdk.internal.net.http.MultiExchange}: {@code HttpClient.send} and {@code sendAsync} create one per request, on
 * the application's thread, then run its exchanges on the client's worker threads, where the connection is opened or
 * taken from the pool. Its creation is the last moment the application's frames are on the stack.
 */
final class MultiExchangeInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "jdk.internal.net.http.MultiExchange";
    }

    @Override
    public String purpose() {
        return "the application line behind JDK HttpClient";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(Created.class).on(isConstructor()));
    }

    static final class Created {
        /** The request as the client copied it (an HttpRequestImpl): what its exchanges pass on to the connection. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(1) Object request) {
            SockwatchHook.asyncCall(request);
        }
    }
}
