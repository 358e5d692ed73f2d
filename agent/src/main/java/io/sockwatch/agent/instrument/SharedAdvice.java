package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SockwatchHook;

/** Advice that reads the same on every instrumented class. */
final class SharedAdvice {

    private SharedAdvice() {
    }

    /**
     * On entry, not exit: a close may defer the real fd release to a thread still blocked in I/O, but the
     * application has done its part. Repeated closes are harmless, the registry ignores unknown owners.
     */
    static final class ClosesThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self) {
            SockwatchHook.closed(self);
        }
    }

    /** The current thread is about to read, write or accept on this socket. */
    static final class UsesThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self) {
            SockwatchHook.used(self);
        }
    }

    /** {@code SocketImpl.accept(si)} stores the new fd in the impl passed in: the accepted Socket's impl. */
    static final class AcceptsSocketImpl {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object accepted) {
            SockwatchHook.opened(accepted, Codes.ACCEPTED_SOCKET);
        }
    }
}
