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

    private static String declaringClass(String frame) {
        int call = frame.indexOf('(');
        String method = call < 0 ? frame : frame.substring(0, call);
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }
}
