package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import sun.nio.ch.SockwatchHook;

/**
 * {@code jdk.internal.net.http.HttpConnection}: its static {@code getConnection(address, client, request, version)}
 * is where every HTTP/1.1 exchange of the JDK HttpClient gets its connection, new or from the pool, on a worker
 * thread. The request links it to the application's call (see {@link MultiExchangeInstrumentation}).
 */
final class HttpConnectionInstrumentation implements SocketInstrumentation {
    static final String MODULE = "java.net.http";
    static final String PACKAGE = "jdk.internal.net.http";

    @Override
    public String typeName() {
        return PACKAGE + ".HttpConnection";
    }

    @Override
    public String purpose() {
        return "the application line behind JDK HttpClient";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(GetConnection.class)
                .on(named("getConnection").and(isStatic()).and(takesArguments(4))));
    }

    /** The connection's {@code SocketChannel}: the socket sockwatch tracks. */
    static Object channelOf(Object connection) throws Throwable {
        return (Object) Channel.GETTER.invokeExact(connection);
    }

    static final class GetConnection {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(2) Object request, @Advice.Return Object connection) {
            if (connection != null) {
                SockwatchHook.asyncConnection(request, connection);
            }
        }
    }

    /**
     * {@code HttpConnection.channel()}, looked up on the first exchange (by then the class is loaded): most applications
     * never use the JDK HttpClient. Its package is open to sockwatch's module only (see {@link JavaBaseHook}).
     */
    private static final class Channel {
        static final MethodHandle GETTER = find();

        private static MethodHandle find() {
            try {
                Class<?> type = Class.forName(PACKAGE + ".HttpConnection", false, ClassLoader.getPlatformClassLoader());
                Method channel = type.getDeclaredMethod("channel");
                channel.setAccessible(true);
                return MethodHandles.lookup().unreflect(channel).asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no HttpConnection.channel() in this JDK", e);
            }
        }
    }
}
