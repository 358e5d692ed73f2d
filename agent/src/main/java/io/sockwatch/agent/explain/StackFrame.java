package io.sockwatch.agent.explain;

/** One frame of a thread's stack as the dump records it. Immutable. */
final class StackFrame {
    /** HotSpot's line number for a native method. */
    private static final int NATIVE = -3;

    private final String className;
    private final String method;
    private final String sourceFile;
    private final int line;

    StackFrame(String className, String method, String sourceFile, int line) {
        this.className = className;
        this.method = method;
        this.sourceFile = sourceFile;
        this.line = line;
    }

    String className() {
        return className;
    }

    /** This frame as the JDK's own type, for {@link io.sockwatch.agent.report.FrameFilter}. */
    StackTraceElement element() {
        return new StackTraceElement(className, method, sourceFile, line);
    }

    /** {@code com.acme.Handler.serve(Handler.java:48)}, as a Java stack trace prints it. */
    @Override
    public String toString() {
        String where;
        if (line == NATIVE) {
            where = "Native Method";
        } else if (sourceFile == null || sourceFile.isEmpty()) {
            where = "Unknown Source";
        } else {
            where = line > 0 ? sourceFile + ':' + line : sourceFile;
        }
        return className + '.' + method + '(' + where + ')';
    }
}
