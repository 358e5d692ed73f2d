package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.List;

/**
 * What the event loop knows about a leaked channel: the interest set its selector (or Netty's epoll loop) waits for
 * ({@code OP_READ} off: nobody will ever read the peer's FIN), the key's attachment and, for Netty, the pipeline's
 * handlers and {@code autoRead}. An event loop's allocation stack and I/O thread name no application code; the
 * handler does. Immutable.
 */
public final class EventLoop {
    private final String interest;
    private final boolean reads;
    private final boolean epoll;
    private final String attachment;
    private final List<String> handlers;
    private final Boolean autoRead;
    private final String handler;

    /** As read on the scanner thread ({@code scan.EventLoopReader}); the accessors say what each argument is. */
    public EventLoop(String interest, boolean reads, boolean epoll, String attachment, List<String> handlers,
                     Boolean autoRead, String handler) {
        this.interest = interest;
        this.reads = reads;
        this.epoll = epoll;
        this.attachment = attachment;
        this.handlers = Collections.unmodifiableList(handlers);
        this.autoRead = autoRead;
        this.handler = handler;
    }

    /** Whether the loop would be told about incoming data and the FIN. */
    public boolean reads() {
        return reads;
    }

    /** "OP_READ", "OP_READ|OP_WRITE", "EPOLLIN|EPOLLRDHUP", or "none". */
    public String interest() {
        return interest;
    }

    /** Whether the loop is Netty's epoll loop rather than a JDK selector. */
    public boolean epoll() {
        return epoll;
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
}
