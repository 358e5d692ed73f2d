package io.sockwatch.agent.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.SocketAddress;

/**
 * Reads Netty's native-transport channels through their public API ({@code Channel.localAddress()},
 * {@code UnixChannel.fd().intValue()}), found by name once per class: no Netty type is compiled into sockwatch,
 * and relocated copies answer alike. These getters read cached fields; none takes a lock.
 */
final class NettyChannels {
    private static final int FD = 0;
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    private static final MethodHandle[] NOT_TRACKED = new MethodHandle[0];
    /**
     * Per class: {@code (Object) int fd().intValue()}, {@code (Object) SocketAddress localAddress()} and
     * {@code remoteAddress()}, or none for classes sockwatch does not track. JDK types only: a class holds its value
     * after a detach, and a sockwatch type there would keep sockwatch's class loader alive.
     */
    private static final ClassValue<MethodHandle[]> ACCESSORS = new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            return accessors(type);
        }
    };

    private NettyChannels() {
    }

    /** Whether sockwatch tracks this epoll channel: TCP only, so not domain-socket or datagram channels. */
    static boolean isTcp(Object channel) {
        return ACCESSORS.get(channel.getClass()).length > 0;
    }

    /** The channel's fd, or -1 when {@code owner} is not a tracked Netty channel or the fd is unreadable. */
    static int fd(Object owner) {
        MethodHandle[] a = ACCESSORS.get(owner.getClass());
        try {
            return a.length == 0 ? -1 : (int) a[FD].invokeExact(owner);
        } catch (Throwable unreadable) {
            return -1;
        }
    }

    /** The channel's endpoints, {@link Endpoints#NONE} when {@code owner} is not a tracked Netty channel. */
    static Endpoints endpoints(Object owner) {
        MethodHandle[] a = ACCESSORS.get(owner.getClass());
        try {
            return a.length == 0 ? Endpoints.NONE : Endpoints.of((SocketAddress) a[LOCAL].invokeExact(owner),
                    (SocketAddress) a[REMOTE].invokeExact(owner));
        } catch (Throwable unreadable) {
            return Endpoints.NONE;
        }
    }

    private static MethodHandle[] accessors(Class<?> type) {
        String name = type.getName();
        if (!name.contains(".netty.") || name.contains("Domain") || name.contains("Datagram")) {
            return NOT_TRACKED;
        }
        try {
            Method fd = type.getMethod("fd");
            Method intValue = fd.getReturnType().getMethod("intValue");
            MethodHandle[] a = new MethodHandle[3];
            a[FD] = MethodHandles.filterReturnValue(handle(fd, Object.class), handle(intValue, int.class));
            a[LOCAL] = handle(type.getMethod("localAddress"), SocketAddress.class);
            a[REMOTE] = handle(type.getMethod("remoteAddress"), SocketAddress.class);
            return a;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return NOT_TRACKED;
        }
    }

    private static MethodHandle handle(Method m, Class<?> returns) throws IllegalAccessException {
        m.setAccessible(true); // declared by package-private classes; library packages are open to sockwatch
        return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(returns, Object.class));
    }
}
