package io.sockwatch.agent.explain;

import java.util.List;

/** The thread whose frame holds a socket as a local: name, state and stack as the dump recorded them. Immutable. */
final class HeldThread {
    private final String name;
    private final long id;
    private final boolean virtual;
    private final String state;
    private final List<StackFrame> stack;
    private final int holdingFrame;

    HeldThread(String name, long id, boolean virtual, String state, List<StackFrame> stack, int holdingFrame) {
        this.name = name;
        this.id = id;
        this.virtual = virtual;
        this.state = state;
        this.stack = List.copyOf(stack);
        this.holdingFrame = holdingFrame;
    }

    /** The thread's name; empty for an unnamed virtual thread. */
    String name() {
        return name;
    }

    /** {@link Thread#getId()}; -1 when the dump does not tell. */
    long id() {
        return id;
    }

    /** {@code thread "worker-1"}, or {@code virtual thread #42} when it has no name. */
    String label() {
        return name.isEmpty() ? (virtual ? "virtual thread #" : "thread #") + id : "thread \"" + name + '"';
    }

    boolean isVirtual() {
        return virtual;
    }

    /** A {@link Thread.State} name, or null when the dump does not tell (a virtual thread). */
    String state() {
        return state;
    }

    /** Innermost frame first. */
    List<StackFrame> stack() {
        return stack;
    }

    /** Index into {@link #stack()} of the frame that holds the object. */
    int holdingFrame() {
        return holdingFrame;
    }

    StackFrame frame() {
        return stack.get(holdingFrame);
    }
}
