package io.sockwatch.agent.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds the JDK socket behind what a pool lends or takes back: an HttpClient pool entry, an OkHttp connection, a
 * commons-pool2 pooled object, a Reactor Netty pooled ref (its Netty channel, NIO or native epoll), a JDK keep-alive
 * client, a JDK HttpClient connection, or a socket. Library connections are reached through their own public
 * getters ({@code getObject()}, {@code getConnection()}, {@code poolable()}, {@code channel()}, {@code socket()}),
 * found once per class: no library type is compiled into sockwatch, and a relocated copy of a library works alike. The scanner also follows private fields ({@link #ownerFound}), for a JDBC
 * connection whose socket has no getter.
 */
final class PooledConnections {
    private static final List<String> SOCKET_GETTERS = Arrays.asList("getSocket", "socket");
    private static final List<String> CONNECTION_GETTERS =
            Arrays.asList("getConnection", "connection", "getObject", "poolable", "channel");
    /** Pooled object, pool entry or client, then connection, then channel, then socket: no library's nest deeper. */
    private static final int MAX_STEPS = 5;
    /** Fields followed from a pooled connection to its socket: pgjdbc's is four deep behind DBCP2's pooled object. */
    private static final int MAX_FIELD_DEPTH = 6;
    /** Per class, its instance fields that may lead to a socket (no primitives, strings or arrays), accessible. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<List<Field>>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Class<?> t = f.getType();
                    if (!Modifier.isStatic(f.getModifiers()) && !t.isPrimitive() && !t.isArray() && t != String.class
                            && f.trySetAccessible()) {
                        fields.add(f);
                    }
                }
            }
            return fields;
        }
    };

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
                m = nioChannelGetter(type);
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

    /** Per class, whether it is a channel of Netty's native epoll transport: such a channel is its socket's owner. */
    private static final ClassValue<Boolean> EPOLL_CHANNEL = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                if (SocketInstrumentation.isOrRelocates(c.getName(), NettyEpollChannelInstrumentation.TYPE)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
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
            if (next instanceof SocketChannel || EPOLL_CHANNEL.get(next.getClass())) {
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

    /**
     * As {@link #ownerOf}, else the first socket found by following, breadth first, the fields of library objects
     * up to {@link #MAX_FIELD_DEPTH} deep. For the scanner thread only: reflection on every field is no hook's work.
     */
    static Object ownerFound(Object connection) throws Throwable {
        Object owner = ownerOf(connection);
        if (owner != null) {
            return owner;
        }
        List<Object> level = Collections.singletonList(connection);
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int depth = 0; depth < MAX_FIELD_DEPTH && !level.isEmpty(); depth++) {
            List<Object> next = new ArrayList<>();
            for (Object o : level) {
                if (o instanceof Socket) {
                    return JdkSocketFields.trackedImpl((Socket) o);
                }
                if (o instanceof SocketChannel) { // HttpClient 5's async connections, Netty's NIO channels
                    return o;
                }
                if (o instanceof AtomicReference) { // HttpClient 5's pool entry holds its connection in one
                    Object held = ((AtomicReference<?>) o).get();
                    if (held != null) {
                        next.add(held);
                    }
                    continue;
                }
                if (isJdk(o.getClass()) || !seen.add(o)) {
                    continue;
                }
                for (Field f : FIELDS.get(o.getClass())) {
                    Object value = f.get(o);
                    if (value != null) {
                        next.add(value);
                    }
                }
            }
            level = next;
        }
        return null;
    }

    /**
     * JDK classes are not followed (but a {@link Socket} or {@link SocketChannel} is the goal, and an
     * {@link AtomicReference} is looked through): their graphs are large and lead to other connections.
     */
    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    /** A Netty NIO channel's {@code protected SelectableChannel javaChannel()}: its JDK channel has no public getter. */
    private static Method nioChannelGetter(Class<?> type) {
        for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("javaChannel") && m.getParameterCount() == 0
                        && SelectableChannel.class.isAssignableFrom(m.getReturnType())) {
                    return m;
                }
            }
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
