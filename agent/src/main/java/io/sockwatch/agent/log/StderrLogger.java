package io.sockwatch.agent.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line per message on stderr, prefixed {@code sockwatch:}. Info and above; debug with
 * {@code -Dsockwatch.debug=true}. Only agent threads log, never a hook on an application thread.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    static final StderrLogger INSTANCE = new StderrLogger();

    private final boolean debug = Boolean.getBoolean("sockwatch.debug");

    private StderrLogger() {
        this.name = "sockwatch";
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return debug;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable error) {
        StringBuilder line = new StringBuilder("sockwatch: ");
        if (level == Level.WARN || level == Level.ERROR) {
            line.append(level).append(' ');
        }
        line.append(MessageFormatter.basicArrayFormat(pattern, args));
        if (error != null && debug) {
            java.io.StringWriter trace = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace);
        }
        System.err.println(line);
    }
}
