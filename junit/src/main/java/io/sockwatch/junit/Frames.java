package io.sockwatch.junit;

/** Stack trace lines as the agent's reports print them: {@code pkg.Cls$Inner.method(File.java:12)}. */
final class Frames {
    private Frames() {
    }

    /** True if the frame's class is {@code outermostClass} or a class nested in it (lambdas included). */
    static boolean isIn(String frame, String outermostClass) {
        String cls = declaringClass(frame);
        return cls.equals(outermostClass) || cls.startsWith(outermostClass + "$");
    }

    /** The top-level class a test class is nested in, or the class itself: its frames are the test's code. */
    static String outermost(Class<?> c) {
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        return c.getName();
    }

    /** The stack trace element a line stands for, as far as its text tells (module and loader are not in it). */
    static StackTraceElement element(String frame) {
        int call = frame.indexOf('(');
        String method = call < 0 ? frame : frame.substring(0, call);
        int dot = method.lastIndexOf('.');
        String where = call < 0 ? "" : frame.substring(call + 1, frame.length() - 1);
        int colon = where.lastIndexOf(':');
        String file = where.equals("Native Method") || where.equals("Unknown Source") ? null
                : colon < 0 ? where : where.substring(0, colon);
        int line = where.equals("Native Method") ? -2 : colon < 0 ? -1 : Integer.parseInt(where.substring(colon + 1));
        return new StackTraceElement(declaringClass(frame), method.substring(dot + 1), file, line);
    }

    private static String declaringClass(String frame) {
        int call = frame.indexOf('(');
        String method = call < 0 ? frame : frame.substring(0, call);
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }
}
