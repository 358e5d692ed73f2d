package io.sockwatch.agent.report;

/** Stack frames as Java prints them, without the module and class-loader prefixes JDK 9+ adds. */
public final class Frames {

    private Frames() {
    }

    public static String format(StackTraceElement frame) {
        String where;
        if (frame.isNativeMethod()) {
            where = "Native Method";
        } else if (frame.getFileName() == null) {
            where = "Unknown Source";
        } else if (frame.getLineNumber() >= 0) {
            where = frame.getFileName() + ":" + frame.getLineNumber();
        } else {
            where = frame.getFileName();
        }
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
