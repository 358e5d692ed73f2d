package io.sockwatch.agent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A thread blocked until a pool lends it a connection: where it waits in the pool, and the application line that
 * asked. Pools are recognised by the shape of their wait, relocated copies too (a name's tail, as the hooks do).
 */
public final class LeaseWaiter {
    /** Class (or its relocated tail) and method of the frames where a borrowing thread waits for a connection. */
    private static final List<String[]> WAITS = Arrays.asList(
            new String[] {"org.apache.http.pool.AbstractConnPool", "getPoolEntryBlocking"},
            new String[] {"org.apache.hc.client5.http.impl.classic.InternalExecRuntime", "acquireEndpoint"},
            new String[] {"org.apache.commons.pool2.impl.GenericObjectPool", "borrowObject"},
            new String[] {"org.apache.commons.pool2.impl.GenericKeyedObjectPool", "borrowObject"});

    public final ThreadSnapshot thread;
    /** The pool's frame the thread waits in. */
    public final String waitingIn;
    /** The first application frame of the thread's stack. */
    public final String site;

    private LeaseWaiter(ThreadSnapshot thread, String waitingIn, String site) {
        this.thread = thread;
        this.waitingIn = waitingIn;
        this.site = site;
    }

    /** Every live thread now waiting (parked or in {@code Object.wait}) in a recognised pool's lease. */
    static List<LeaseWaiter> all(FrameFilter filter) {
        List<LeaseWaiter> waiting = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            Thread.State state = t.getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                continue;
            }
            List<StackTraceElement> stack = ThreadSnapshots.visible(e.getValue());
            for (StackTraceElement frame : stack) {
                if (isLeaseWait(frame)) {
                    waiting.add(new LeaseWaiter(new ThreadSnapshot(t.getId(), t.getName(), false, state.name(), stack),
                            Frames.format(frame), Sites.describe(stack, filter)));
                    break;
                }
            }
        }
        waiting.sort((a, b) -> Long.compare(a.thread.id, b.thread.id));
        return waiting;
    }

    private static boolean isLeaseWait(StackTraceElement frame) {
        String c = frame.getClassName();
        for (String[] wait : WAITS) {
            if (frame.getMethodName().equals(wait[1]) && c.endsWith(wait[0])
                    && (c.length() == wait[0].length() || c.charAt(c.length() - wait[0].length() - 1) == '.')) {
                return true;
            }
        }
        return false;
    }
}
