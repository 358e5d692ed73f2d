package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.List;

/** A thread that used a socket, as it was when the report was made. */
public final class ThreadSnapshot {
    /** The thread is gone; its last known name is all that is left. */
    public static final String TERMINATED = "TERMINATED";

    public final String name;
    public final String state;
    public final List<StackTraceElement> stack;
    /** When the thread last did I/O on the socket. */
    public final long lastIoMillis;

    ThreadSnapshot(String name, String state, List<StackTraceElement> stack, long lastIoMillis) {
        this.name = name;
        this.state = state;
        this.stack = Collections.unmodifiableList(stack);
        this.lastIoMillis = lastIoMillis;
    }
}
