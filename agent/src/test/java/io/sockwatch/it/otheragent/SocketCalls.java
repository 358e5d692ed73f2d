package io.sockwatch.it.otheragent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of {@link SocketCountingAgent}'s advice, by method ({@code pkg.Type.method}, a return as {@code pkg.Type.method:return}). Loaded by the boot loader
 * (the agent appends a jar with only this class to its search), so advice inlined into JDK classes can reach it;
 * the agent and the application read the same class through parent delegation.
 */
public final class SocketCalls {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    private SocketCalls() {
    }

    public static void count(String method) {
        CALLS.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    /** Calls so far, by method, sorted: {@code {sun.nio.ch.NioSocketImpl.connect=3, ...}}. */
    public static String counts() {
        Map<String, Long> sorted = new TreeMap<>();
        CALLS.forEach((method, n) -> sorted.put(method, n.sum()));
        return sorted.toString();
    }

    /** A normal return after {@code nanos}; only counted (the time is there to make the advice keep a local). */
    public static void returned(String method, long nanos) {
        if (nanos >= 0) {
            count(method + ":return");
        }
    }

    public static long total() {
        return CALLS.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
