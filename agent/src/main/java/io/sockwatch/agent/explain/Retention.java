package io.sockwatch.agent.explain;

import java.util.List;

/**
 * Why an object is alive: the steps from a GC root to it, root first, each readable on its own
 * ({@code static com.acme.Pool.CONNECTIONS}, {@code ArrayList[3]}, {@code Conn.socket}, {@code java.net.Socket}),
 * and, for a local of a thread's frame, that thread. Immutable.
 */
final class Retention {
    private final List<String> steps;
    private final String shape;
    private final HeldThread thread;
    private final NettyChannel channel;

    Retention(List<String> steps, String shape, HeldThread thread, NettyChannel channel) {
        this.steps = List.copyOf(steps);
        this.shape = shape;
        this.thread = thread;
        this.channel = channel;
    }

    List<String> steps() {
        return steps;
    }

    /** The path with what varies between like sockets left out (thread names, indices, keys): the grouping key. */
    String shape() {
        return shape;
    }

    /** The thread whose frame holds the path's first object, or null for other roots. */
    HeldThread thread() {
        return thread;
    }

    /** The Netty channel on the path, whose handlers name the application's code; null when there is none. */
    NettyChannel channel() {
        return channel;
    }
}
