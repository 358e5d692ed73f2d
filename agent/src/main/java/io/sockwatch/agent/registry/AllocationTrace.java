package io.sockwatch.agent.registry;

/**
 * The stack of the thread that opened a socket, captured unresolved: filling in the VM backtrace is cheap,
 * turning it into {@link StackTraceElement}s is not, so that only happens for sockets that live long
 * enough to be scanned or reported (see {@link StackTable}).
 */
final class AllocationTrace extends Throwable {
    private static final long serialVersionUID = 1L;

    AllocationTrace() {
        super(null, null, false, true);
    }
}
