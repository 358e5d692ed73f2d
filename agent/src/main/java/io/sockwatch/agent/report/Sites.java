package io.sockwatch.agent.report;

import java.util.List;

/** Names the site of an allocation stack: its first application frame, or the first frame past the socket plumbing. */
public final class Sites {
    /** The site of sockets opened above the stack-capture budget; their opening thread is still known. */
    static final String NOT_SAMPLED = "(allocation stack not sampled: opened during extreme socket churn)";
    /** The close site of connections closed above the close-stack budget. */
    static final String CLOSE_NOT_SAMPLED = "(close stack not sampled: closed during extreme socket churn)";
    /** Ends the site of a stack with no application frame. */
    static final String NO_APPLICATION_FRAME = " (no application frame)";
    private static final String[] PLUMBING = {"java.net.", "java.nio.", "sun.nio.ch.", "jdk.internal.", "sun.security.ssl."};

    private Sites() {
    }

    public static String describe(List<StackTraceElement> frames, FrameFilter filter) {
        if (frames.isEmpty()) {
            return NOT_SAMPLED;
        }
        int app = filter.firstApplicationFrame(frames);
        if (app >= 0) {
            return Frames.format(frames.get(app));
        }
        for (StackTraceElement frame : frames) {
            if (!isPlumbing(frame.getClassName())) {
                return Frames.format(frame) + NO_APPLICATION_FRAME;
            }
        }
        return Frames.format(frames.get(frames.size() - 1)) + NO_APPLICATION_FRAME;
    }

    /** The site of a {@code close()} stack: as {@link #describe}, with its own text when the stack was not sampled. */
    public static String describeClose(List<StackTraceElement> frames, FrameFilter filter) {
        return frames.isEmpty() ? CLOSE_NOT_SAMPLED : describe(frames, filter);
    }

    private static boolean isPlumbing(String className) {
        for (String prefix : PLUMBING) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
