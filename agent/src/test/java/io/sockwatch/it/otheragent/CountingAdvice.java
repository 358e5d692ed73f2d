package io.sockwatch.it.otheragent;

import net.bytebuddy.asm.Advice;

/**
 * Counts entries and returns, and the time spent, as a resource-tracking agent would. Inlined by byte-buddy into
 * the JDK methods: the value passed from enter to exit is a local byte-buddy adds after the method's arguments, so
 * it rewrites every stack map frame of the method, sockwatch's included.
 */
public final class CountingAdvice {

    private CountingAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Advice.Origin("#t.#m") String method) {
        SocketCalls.count(method);
        return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, backupArguments = false)
    static void exit(@Advice.Origin("#t.#m") String method, @Advice.Enter long started) {
        SocketCalls.returned(method, System.nanoTime() - started);
    }
}
