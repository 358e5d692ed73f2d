package io.sockwatch.agent.report;

import java.util.Collections;
import java.util.List;

/** A thread as one scan saw it. Identified by its id: names repeat (every virtual thread is named ""). */
public final class ThreadSnapshot {
    /** The thread is gone; its last known name is all that is left. */
    public static final String TERMINATED = "TERMINATED";

    public final long id;
    public final String name;
    public final boolean virtual;
    public final String state;
    /** The current stack, innermost first; empty unless the thread still works on a leaked socket. */
    public final List<StackTraceElement> stack;

    ThreadSnapshot(long id, String name, boolean virtual, String state, List<StackTraceElement> stack) {
        this.id = id;
        this.name = name;
        this.virtual = virtual;
        this.state = state;
        this.stack = Collections.unmodifiableList(stack);
    }

    /** {@code thread "worker-1" #14}, or {@code virtual thread #31} for a thread without a name. */
    public String describe() {
        if (name.isEmpty()) {
            return (virtual ? "virtual thread #" : "thread #") + id;
        }
        return "thread \"" + name + "\" #" + id;
    }
}
