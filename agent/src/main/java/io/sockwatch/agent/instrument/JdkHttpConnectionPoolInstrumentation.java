package io.sockwatch.agent.instrument;

/**
 * {@code jdk.internal.net.http.ConnectionPool}, where the JDK {@code HttpClient} keeps an HTTP/1.1 connection whose
 * response was read to the end, ESTABLISHED and unused, until the next request to its server or the keep-alive
 * timeout. A client shared by an application or its tests holds such connections all the time: they are no leaks.
 */
final class JdkHttpConnectionPoolInstrumentation implements SocketInstrumentation {
    /**
     * At entry of {@code putConnection(connection, pool)}, called under the pool's lock, which a lease takes too, after
     * the pool subscribed to the connection's reads (reading the server's close ends the idle mark, as any I/O does,
     * and the pool closes the connection).
     */

    @Override
    public String typeName() {
        return Http1ExchangeInstrumentation.PACKAGE + ".ConnectionPool";
    }

    @Override
    public String purpose() {
        return "idle JDK HttpClient pooled connections";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals("putConnection") && SocketInstrumentation.takesArguments(descriptor, 2)
                ? HookCall.idleInThis(0) : null;
    }
}
