package io.sockwatch.agent.report;

/** The last read, write or accept on a socket: by which thread, when, and whether that thread has moved on. */
public final class LastIo {
    public final ThreadSnapshot thread;
    public final long atMillis;
    /** The thread has since done I/O on another socket, so its current stack says nothing about this one. */
    public final boolean movedOn;

    public LastIo(ThreadSnapshot thread, long atMillis, boolean movedOn) {
        this.thread = thread;
        this.atMillis = atMillis;
        this.movedOn = movedOn;
    }
}
