package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty channel a retention path passes through, with what names the application's code: its pipeline's handler
 * classes and whether it still reads ({@code autoRead}). An event loop holds every channel, so the path alone names
 * only Netty's classes. Found by class name suffix, so relocated copies (gRPC's shaded Netty) count too. Immutable.
 */
final class NettyChannel {
    private static final String CHANNEL = "netty.channel.AbstractChannel";
    /** The pipeline's own head and tail contexts, which are handlers too. */
    private static final String PIPELINE_INTERNALS = "netty.channel.DefaultChannelPipeline$";
    private static final int MAX_HANDLERS = 64;

    private final String channelClass;
    private final Boolean autoRead;
    private final List<String> handlers;

    private NettyChannel(String channelClass, Boolean autoRead, List<String> handlers) {
        this.channelClass = channelClass;
        this.autoRead = autoRead;
        this.handlers = List.copyOf(handlers);
    }

    /** The channel nearest the end of {@code path}, or null when the path passes through none. */
    static NettyChannel on(HeapIndex heap, List<Integer> path) throws IOException {
        for (int i = path.size() - 1; i >= 0; i--) {
            HeapObject o = HeapObject.read(heap, path.get(i));
            if (o.hasClassEndingWith(CHANNEL)) {
                return new NettyChannel(o.className(), autoRead(heap, o), handlers(heap, o));
            }
        }
        return null;
    }

    /** DefaultChannelConfig keeps autoRead as an int, 1 while reading. */
    private static Boolean autoRead(HeapIndex heap, HeapObject channel) throws IOException {
        int config = heap.node(channel.reference("config"));
        if (config < 0) {
            return null;
        }
        int value = HeapObject.read(heap, config).intValue("autoRead", -1);
        return value < 0 ? null : value != 0;
    }

    private static List<String> handlers(HeapIndex heap, HeapObject channel) throws IOException {
        List<String> handlers = new ArrayList<>();
        int pipeline = heap.node(channel.reference("pipeline"));
        if (pipeline < 0) {
            return handlers;
        }
        int context = heap.node(HeapObject.read(heap, pipeline).reference("head"));
        for (int hops = 0; context >= 0 && hops < MAX_HANDLERS; hops++) {
            HeapObject c = HeapObject.read(heap, context);
            int handler = heap.node(c.reference("handler"));
            String name = handler >= 0 ? HeapObject.read(heap, handler).className() : c.className();
            if (!name.contains(PIPELINE_INTERNALS)) {
                handlers.add(name);
            }
            context = heap.node(c.reference("next"));
        }
        return handlers;
    }

    /** e.g. {@code io.netty.channel.epoll.EpollSocketChannel}. */
    String channelClass() {
        return channelClass;
    }

    /** Whether the channel still reads; null when the dump does not tell. */
    Boolean autoRead() {
        return autoRead;
    }

    /** The pipeline's handler classes, head to tail, without Netty's own head and tail. */
    List<String> handlers() {
        return handlers;
    }
}
