package io.sockwatch.agent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decides which stack frame is the application's: the first one not in the JDK, sockwatch, or a skipped prefix. */
public final class FrameFilter {
    private static final List<String> ALWAYS_SKIPPED = Arrays.asList(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.sockwatch.agent.");

    private final String[] skipped;

    public FrameFilter(List<String> extraPrefixes) {
        List<String> all = new ArrayList<>(ALWAYS_SKIPPED);
        all.addAll(extraPrefixes);
        this.skipped = all.toArray(new String[0]);
    }

    public boolean isApplication(StackTraceElement frame) {
        String name = frame.getClassName();
        for (String prefix : skipped) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first application frame, or -1 when the whole stack is JDK or library code. */
    public int firstApplicationFrame(List<StackTraceElement> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (isApplication(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
