package io.sockwatch.agent.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * {@code jdk.internal.net.http.Http1Exchange}: every HTTP/1.1 exchange of the JDK HttpClient is made with its
 * connection, new or from the pool, on a worker thread. Its exchange's request links the connection to the
 * application's call (see {@link MultiExchangeInstrumentation}).
 */
final class Http1ExchangeInstrumentation implements SocketInstrumentation {
    static final String MODULE = "java.net.http";
    static final String PACKAGE = "jdk.internal.net.http";
    /**
     * {@code Http1Exchange(Exchange exchange, HttpConnection connection)}: the argument is null for a new connection,
     * which the constructor gets itself; its field {@code connection} always holds the one the exchange uses.
     */

    @Override
    public String typeName() {
        return PACKAGE + ".Http1Exchange";
    }

    @Override
    public String purpose() {
        return "the application line behind JDK HttpClient";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals(CONSTRUCTOR) && SocketInstrumentation.takesArguments(descriptor, 2)
                ? HookCall.asyncConnection(0, "connection", "Ljdk/internal/net/http/HttpConnection;") : null;
    }

    /** The exchange's request: the key its {@code MultiExchange} was noted under. */
    static Object requestOf(Object exchange) throws Throwable {
        return (Object) Getters.REQUEST.invokeExact(exchange);
    }

    /** The connection's {@code SocketChannel}: the socket sockwatch tracks. */
    static Object channelOf(Object connection) throws Throwable {
        return (Object) Getters.CHANNEL.invokeExact(connection);
    }

    /**
     * {@code Exchange.request()} and {@code HttpConnection.channel()}, looked up on the first exchange (by then the
     * classes are loaded): most applications never use the JDK HttpClient. Their package is open to sockwatch's module
     * only (see {@link JavaBaseHook}).
     */
    private static final class Getters {
        static final MethodHandle REQUEST = find("Exchange", "request");
        static final MethodHandle CHANNEL = find("HttpConnection", "channel");

        private static MethodHandle find(String type, String method) {
            try {
                Class<?> c = Class.forName(PACKAGE + "." + type, false, ClassLoader.getPlatformClassLoader());
                Method m = c.getDeclaredMethod(method);
                m.setAccessible(true);
                return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no " + type + "." + method + "() in this JDK", e);
            }
        }
    }
}
