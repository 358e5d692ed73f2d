package io.sockwatch.agent.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the JDK socket behind what a pool takes back: an HttpClient pool entry, an OkHttp connection, a JDK
 * keep-alive client, a JDK HttpClient connection, or a socket. Library connections are reached through their own public getters
 * ({@code getConnection()}, {@code getSocket()}, {@code socket()}), found once per class: no library type is
 * compiled into sockwatch, and a relocated copy of a library works alike.
 */
final class PooledConnections {
    private static final List<String> SOCKET_GETTERS = Arrays.asList("getSocket", "socket");
    private static final List<String> CONNECTION_GETTERS = Arrays.asList("getConnection", "connection");
    /** Pool entry, then connection, then socket: no library nests deeper. */
    private static final int MAX_STEPS = 3;

    /**
     * Per class, the getter one step closer to the socket, or null when the class has none. A JDK type: a class holds
     * its value after a detach, and a sockwatch type there would keep sockwatch's class loader alive.
     */
    private static final ClassValue<MethodHandle> STEP = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Method m = getter(type, SOCKET_GETTERS, true);
            if (m == null) {
                m = getter(type, CONNECTION_GETTERS, false);
            }
            if (m == null) {
                return null;
            }
            try {
                m.setAccessible(true); // the public method of a package-private class; library packages are open to us
                return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // a library in a named module that does not open it: its pool stays unrecognised
            }
        }
    };

    private PooledConnections() {
    }

    /** The tracked owner of {@code connection}'s socket, or null when none is found. */
    static Object ownerOf(Object connection) throws Throwable {
        Object next = connection;
        for (int step = 0; step < MAX_STEPS && next != null; step++) {
            if (next instanceof Socket) {
                return JdkSocketFields.trackedImpl((Socket) next);
            }
            if (next instanceof SocketChannel) {
                return next; // a channel is its own tracked owner
            }
            if (next.getClass().getName().startsWith(Http1ExchangeInstrumentation.PACKAGE + ".")) {
                next = Http1ExchangeInstrumentation.channelOf(next); // a JDK HttpClient connection, HTTPS too
                continue;
            }
            Socket jdkClient = JdkSocketFields.networkClientSocket(next);
            if (jdkClient != null) {
                return JdkSocketFields.trackedImpl(jdkClient);
            }
            MethodHandle getter = STEP.get(next.getClass());
            if (getter == null) {
                return null;
            }
            next = (Object) getter.invokeExact(next);
        }
        return null;
    }

    private static Method getter(Class<?> type, List<String> names, boolean socket) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && names.contains(m.getName()) && !Modifier.isStatic(m.getModifiers())
                    && (socket ? Socket.class.isAssignableFrom(m.getReturnType()) : !m.getReturnType().isPrimitive())) {
                return m;
            }
        }
        return null;
    }
}
