package io.sockwatch.agent.log;

/**
 * sockwatch's log: one line per message on stderr, prefixed {@code sockwatch:}, with slf4j's {@code {}}
 * placeholders, whose arguments are shown {@link Printable} (a thread name cannot add a line); a Throwable after
 * the last placeholder's argument is printed with {@code -Dsockwatch.debug=true}.
 * Only sockwatch's own threads and its start and stop log, never a hook on an application thread.
 *
 * <p>Not slf4j: a relocated slf4j could never be configured by the application anyway, and binding it (service
 * lookup, MDC and provider classes) cost about 70 ms of every JVM's start-up (docs/benchmarks.md).
 */
public final class Log {
    private static final boolean DEBUG = Boolean.getBoolean("sockwatch.debug");

    private Log() {
    }

    public static void info(String pattern, Object... args) {
        write("", pattern, args);
    }

    public static void warn(String pattern, Object... args) {
        write("WARN ", pattern, args);
    }

    private static void write(String level, String pattern, Object[] args) {
        StringBuilder line = new StringBuilder("sockwatch: ").append(level);
        int used = format(pattern, args, line);
        if (DEBUG && used < args.length && args[args.length - 1] instanceof Throwable) {
            java.io.StringWriter trace = new java.io.StringWriter();
            ((Throwable) args[args.length - 1]).printStackTrace(new java.io.PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace);
        }
        System.err.println(line);
    }

    /** Appends {@code pattern} with each {@code {}} replaced by the next argument; returns how many were used. */
    static int format(String pattern, Object[] args, StringBuilder out) {
        int used = 0;
        int from = 0;
        for (int at = pattern.indexOf("{}"); at >= 0 && used < args.length; at = pattern.indexOf("{}", from)) {
            out.append(pattern, from, at).append(Printable.text(args[used++]));
            from = at + 2;
        }
        out.append(pattern, from, pattern.length());
        return used;
    }
}
