package io.sockwatch.agent.registry;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A resolved allocation stack, innermost frame first, starting at the JDK frame that created the socket
 * (sockwatch's own frames are dropped). Interned by {@link StackTable}, so thousands of sockets opened at one
 * place share one instance.
 */
public final class AllocationStack {
    /** The stack of a socket opened above the capture budget (see {@link CaptureBudget}). */
    public static final AllocationStack NOT_SAMPLED = new AllocationStack(new StackTraceElement[0]);

    private final StackTraceElement[] frames;
    private final List<StackTraceElement> view;
    private final int hash;

    AllocationStack(StackTraceElement[] frames) {
        this.frames = frames;
        this.view = Collections.unmodifiableList(Arrays.asList(frames));
        this.hash = Arrays.hashCode(frames);
    }

    /** Innermost first; one shared, unmodifiable list. */
    public List<StackTraceElement> frames() {
        return view;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllocationStack && Arrays.equals(frames, ((AllocationStack) o).frames);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return frames.length == 0 ? "<no frames>" : frames[0] + " (+" + (frames.length - 1) + " frames)";
    }
}
