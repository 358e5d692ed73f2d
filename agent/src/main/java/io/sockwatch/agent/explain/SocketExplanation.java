package io.sockwatch.agent.explain;

import java.util.Objects;

/** What the heap dump says about one CLOSE_WAIT socket. Immutable. */
public final class SocketExplanation {
    /** The four answers a dump can give. */
    public enum Verdict {
        /** A GC root holds the owning object: {@link #retention()} says how. */
        HELD,
        /** The owning object is in the dump but no root holds it: garbage the GC has not collected yet. */
        UNREACHABLE,
        /** The fd was gone after the dump: the dump's full GC collected the socket and the JDK's cleaner closed it. */
        CLOSED_BY_DUMP_GC,
        /** No Java socket object has this fd: native code made it, or a socket class sockwatch does not know. */
        NO_JAVA_OWNER
    }

    private final SuspectSocket socket;
    private final Verdict verdict;
    private final String ownerClass;
    private final Retention retention;
    private final Retention alsoHeldBy;

    SocketExplanation(SuspectSocket socket, Verdict verdict, String ownerClass, Retention retention,
                      Retention alsoHeldBy) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.ownerClass = ownerClass;
        this.retention = retention;
        this.alsoHeldBy = alsoHeldBy;
    }

    public static SocketExplanation closedByDumpGc(SuspectSocket socket) {
        return new SocketExplanation(socket, Verdict.CLOSED_BY_DUMP_GC, null, null, null);
    }

    public SuspectSocket socket() {
        return socket;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The class of the Java object owning the fd, or null when none was found. */
    public String ownerClass() {
        return ownerClass;
    }

    /** For {@link Verdict#HELD}: how; otherwise null. */
    Retention retention() {
        return retention;
    }

    /**
     * For {@link Verdict#HELD}: a second holder of the other kind when {@link #retention()} starts at a thread's
     * frame (then a static field) or at a static field (then a frame); null when there is none.
     */
    Retention alsoHeldBy() {
        return alsoHeldBy;
    }
}
