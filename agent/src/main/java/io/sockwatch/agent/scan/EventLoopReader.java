package io.sockwatch.agent.scan;

import io.sockwatch.agent.instrument.JdkSocketFields;
import io.sockwatch.agent.report.EventLoop;
import io.sockwatch.agent.report.FrameFilter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what the event loop knows about a leaked channel ({@link EventLoop}): from its selection keys, or from a Netty
 * native channel's pipeline and epoll flags, by reflection on the library's public methods and fields. Runs on the
 * scanner thread, for leaked sockets only.
 */
final class EventLoopReader {
    /** Fields followed from the key's attachment to the channel, and objects looked at per level. */
    private static final int MAX_DEPTH = 3;
    private static final int MAX_FOLLOWED = 32;

    /** Netty's epoll flags (its {@code Native} constants are the kernel's). */
    private static final int EPOLLIN = 0x001;
    private static final int EPOLLOUT = 0x004;
    private static final int EPOLLRDHUP = 0x2000;

    private EventLoopReader() {
    }

    /**
     * The event-loop context of a channel registered with a selector, or of a Netty native channel (the owner is then
     * the channel itself); null for other owners. {@code filter} tells the application's handlers from a library's.
     */
    static EventLoop of(Object owner, FrameFilter filter) {
        for (SelectionKey key : JdkSocketFields.selectionKeys(owner)) {
            int ops;
            try {
                ops = key.interestOps();
            } catch (CancelledKeyException cancelled) {
                continue;
            }
            Object attached = key.attachment();
            Object channel = attached == null ? null : channelOf(attached);
            Object named = channel != null ? channel : attached;
            return withPipeline(channel, interest(ops), (ops & SelectionKey.OP_READ) != 0, false,
                    named == null ? null : named.getClass().getName(), filter);
        }
        if (hasPublicMethod(owner, "pipeline")) {
            int flags = epollFlags(owner);
            return withPipeline(owner, epollInterest(flags), (flags & EPOLLIN) != 0, true, owner.getClass().getName(),
                    filter);
        }
        return null;
    }

    private static EventLoop withPipeline(Object channel, String interest, boolean reads, boolean epoll,
                                          String attachment, FrameFilter filter) {
        List<String> handlers = new ArrayList<>();
        Boolean autoRead = null;
        if (channel != null) {
            Object pipeline = call(channel, "pipeline");
            Object map = pipeline == null ? null : call(pipeline, "toMap");
            if (map instanceof Map) {
                for (Object handler : ((Map<?, ?>) map).values()) {
                    handlers.add(handler.getClass().getName());
                }
            }
            Object config = call(channel, "config");
            Object reading = config == null ? null : call(config, "isAutoRead");
            autoRead = reading instanceof Boolean ? (Boolean) reading : null;
        }
        return new EventLoop(interest, reads, epoll, attachment, handlers, autoRead,
                applicationHandler(handlers, filter));
    }

    /** Netty 4.1 keeps the epoll flags in {@code flags}, 4.2 in {@code ops.value}; 0 when neither is readable. */
    private static int epollFlags(Object channel) {
        Object flags = field(channel, "flags");
        if (!(flags instanceof Integer)) {
            Object ops = field(channel, "ops");
            flags = ops == null ? null : field(ops, "value");
        }
        return flags instanceof Integer ? (Integer) flags : 0;
    }

    private static Object field(Object o, String name) {
        for (Class<?> c = o.getClass(); c != null && c.getClassLoader() != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                return f.trySetAccessible() ? f.get(o) : null;
            } catch (NoSuchFieldException next) {
                // declared further up
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
                return null;
            }
        }
        return null;
    }

    /**
     * The object with a pipeline (Netty's channel) that the key's attachment leads to: the attachment itself (Netty
     * 4.1), or a few fields away (4.2 attaches a registration whose handle is the channel's inner unsafe). Only
     * library objects are followed, never the JDK's; null when there is none.
     */
    private static Object channelOf(Object attachment) {
        List<Object> level = List.of(attachment);
        for (int depth = 0; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
            List<Object> next = new ArrayList<>();
            for (Object o : level) {
                if (hasPublicMethod(o, "pipeline")) {
                    return o;
                }
                for (Class<?> c = o.getClass(); c != null && c.getClassLoader() != null; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        Object value = read(f, o);
                        if (value != null && value.getClass().getClassLoader() != null && next.size() < MAX_FOLLOWED) {
                            next.add(value);
                        }
                    }
                }
            }
            level = next;
        }
        return null;
    }

    private static boolean hasPublicMethod(Object o, String name) {
        try {
            o.getClass().getMethod(name);
            return true;
        } catch (NoSuchMethodException | RuntimeException | LinkageError absent) {
            return false;
        }
    }

    private static Object read(Field f, Object o) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
            return null;
        }
        try {
            return f.trySetAccessible() ? f.get(o) : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unreadable) {
            return null;
        }
    }

    /**
     * A public no-argument method of a library object (Netty's {@code Channel.pipeline()}), found by name so that
     * relocated copies answer too; null when there is none or it fails.
     */
    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            if (!m.canAccess(target) && !m.trySetAccessible()) {
                return null;
            }
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
            return null;
        }
    }

    private static String interest(int ops) {
        List<String> names = new ArrayList<>();
        if ((ops & SelectionKey.OP_ACCEPT) != 0) {
            names.add("OP_ACCEPT");
        }
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            names.add("OP_CONNECT");
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            names.add("OP_READ");
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            names.add("OP_WRITE");
        }
        return names.isEmpty() ? "none" : String.join("|", names);
    }

    private static String epollInterest(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & EPOLLIN) != 0) {
            names.add("EPOLLIN");
        }
        if ((flags & EPOLLOUT) != 0) {
            names.add("EPOLLOUT");
        }
        if ((flags & EPOLLRDHUP) != 0) {
            names.add("EPOLLRDHUP");
        }
        return names.isEmpty() ? "none" : String.join("|", names);
    }

    private static String applicationHandler(List<String> handlers, FrameFilter filter) {
        for (String handler : handlers) {
            if (filter.isApplication(new StackTraceElement(handler, "", null, -1))) {
                return handler;
            }
        }
        return null;
    }
}
