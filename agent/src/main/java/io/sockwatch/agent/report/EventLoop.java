package io.sockwatch.agent.report;

import io.sockwatch.agent.instrument.JdkSocketFields;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the selector knows about a leaked channel registered with an event loop: its interest set ({@code OP_READ}
 * off: nobody will ever read the peer's FIN), the key's attachment and, for Netty, the pipeline's handlers and
 * {@code autoRead}. An event loop's allocation stack and I/O thread name no application code; the handler does.
 * Read on the scanner thread, for leaked sockets only. Immutable.
 */
public final class EventLoop {
    /** Fields followed from the key's attachment to the channel, and objects looked at per level. */
    private static final int MAX_DEPTH = 3;
    private static final int MAX_FOLLOWED = 32;

    private final int interestOps;
    private final String attachment;
    private final List<String> handlers;
    private final Boolean autoRead;
    private final String handler;

    private EventLoop(int interestOps, String attachment, List<String> handlers, Boolean autoRead, String handler) {
        this.interestOps = interestOps;
        this.attachment = attachment;
        this.handlers = Collections.unmodifiableList(handlers);
        this.autoRead = autoRead;
        this.handler = handler;
    }

    /**
     * The event-loop context of a channel registered with a selector, or null when it is not registered;
     * {@code filter} tells the application's handlers from a library's.
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
            List<String> handlers = new ArrayList<>();
            Boolean autoRead = null;
            Object channel = attached == null ? null : channelOf(attached);
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
            Object named = channel != null ? channel : attached;
            return new EventLoop(ops, named == null ? null : named.getClass().getName(), handlers, autoRead,
                    applicationHandler(handlers, filter));
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

    /** Whether the selector would tell the loop about incoming data and the FIN. */
    public boolean reads() {
        return (interestOps & SelectionKey.OP_READ) != 0;
    }

    /** "OP_READ", "OP_READ|OP_WRITE", or "none". */
    public String interest() {
        List<String> ops = new ArrayList<>();
        if ((interestOps & SelectionKey.OP_ACCEPT) != 0) {
            ops.add("OP_ACCEPT");
        }
        if ((interestOps & SelectionKey.OP_CONNECT) != 0) {
            ops.add("OP_CONNECT");
        }
        if ((interestOps & SelectionKey.OP_READ) != 0) {
            ops.add("OP_READ");
        }
        if ((interestOps & SelectionKey.OP_WRITE) != 0) {
            ops.add("OP_WRITE");
        }
        return ops.isEmpty() ? "none" : String.join("|", ops);
    }

    /** The class of Netty's channel the key's attachment leads to, else of the attachment; or null. */
    public String attachment() {
        return attachment;
    }

    /** The pipeline's handler classes, head to tail; empty when the attachment has no pipeline. */
    public List<String> handlers() {
        return handlers;
    }

    /** Netty's autoRead, or null when not known. */
    public Boolean autoRead() {
        return autoRead;
    }

    /** The first of the pipeline's handlers that is the application's (not a library's), or null. */
    public String handler() {
        return handler;
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
