package io.sockwatch.agent.registry;

/**
 * The stack of the thread that opened or closed a socket, captured unresolved: filling in the VM backtrace is
 * cheap, turning it into {@link StackTraceElement}s is not, so that only happens on the scanner thread, for
 * sockets that live long enough to be scanned and for sampled closes (see {@link StackTable}).
 */
final class UnresolvedStack extends Throwable {
    private static final long serialVersionUID = 1L;

    UnresolvedStack() {
        super(null, null, false, true);
    }
}
