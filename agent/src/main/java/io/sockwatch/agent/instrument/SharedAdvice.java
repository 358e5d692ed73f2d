package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.SockwatchHook;

/** Advice that reads the same on every instrumented class. */
final class SharedAdvice {

    private SharedAdvice() {
    }

    /** Exit advice registering {@code this} as a new socket of {@code kind} (a {@code SocketKind.Codes} value). */
    static Advice opensThis(int kind) {
        return Advice.withCustomMapping().bind(Kind.class, kind).to(OpensThis.class);
    }

    /**
     * As {@link #opensThis}, for a channel with an {@code int fdVal} field, passed at open: a channel dropped before
     * the first scan keeps its fd open (no cleaner), and only its number links it to its kernel socket.
     */
    static Advice opensChannel(int kind) {
        return Advice.withCustomMapping().bind(Kind.class, kind).to(OpensChannel.class);
    }

    /** The socket kind each instrumentation binds; inlined into the JDK class as a constant. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Kind {
    }

    /** Exits normally only once the fd exists; a failed constructor never reaches exit advice. */
    static final class OpensThis {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Kind int kind) {
            SockwatchHook.opened(self, kind, -1);
        }
    }

    static final class OpensChannel {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Kind int kind, @Advice.FieldValue("fdVal") int fd) {
            SockwatchHook.opened(self, kind, fd);
        }
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
            SockwatchHook.opened(accepted, Codes.ACCEPTED_SOCKET, -1);
        }
    }
}
