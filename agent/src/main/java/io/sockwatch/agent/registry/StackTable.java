package io.sockwatch.agent.registry;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves {@link UnresolvedStack}s and interns the result, up to a fixed number of distinct stacks. */
public final class StackTable {
    /** Deep enough for any framework call chain to reach application code; bounds memory per stack. */
    static final int MAX_FRAMES = 64;
    private static final String AGENT_PACKAGE = "io.sockwatch.agent.";
    private static final String HOOK_CLASS = "sun.nio.ch.SockwatchHook";

    private final ConcurrentHashMap<AllocationStack, AllocationStack> stacks = new ConcurrentHashMap<>();
    private final int capacity;

    public StackTable(int capacity) {
        this.capacity = capacity;
    }

    AllocationStack resolve(Throwable trace) {
        StackTraceElement[] all = trace.getStackTrace();
        int from = 0;
        while (from < all.length && isAgentFrame(all[from])) {
            from++;
        }
        AllocationStack stack = new AllocationStack(Arrays.copyOfRange(all, from, Math.min(all.length, from + MAX_FRAMES)));
        AllocationStack shared = stacks.get(stack);
        if (shared != null) {
            return shared;
        }
        if (stacks.size() >= capacity) {
            return stack; // beyond the bound stacks stay per record, which is bounded by open sockets
        }
        shared = stacks.putIfAbsent(stack, stack);
        return shared != null ? shared : stack;
    }

    private static boolean isAgentFrame(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith(AGENT_PACKAGE) || c.equals(HOOK_CLASS);
    }
}
