package io.sockwatch.agent.export;

import io.sockwatch.agent.report.Frames;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.SocketSnapshot;
import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The JFR event types. {@code shouldCommit()} is false unless a recording enables them: no cost otherwise. */
final class JfrLeakEvents {

    private JfrLeakEvents() {
    }

    static void leakFound(SocketSnapshot s, long ageMillis) {
        SocketLeak e = new SocketLeak();
        if (e.shouldCommit()) {
            e.site = s.site;
            e.kind = s.kind;
            e.fd = s.fd;
            e.local = s.local;
            e.remote = s.remote;
            e.rxQueue = s.rxQueue;
            e.stalled = s.stalled;
            e.closeWaitAge = ageMillis;
            e.openedBy = s.openedBy.describe();
            e.allocationStack = join(s.allocation);
            e.commit();
        }
    }

    static void reclaimed(ReclaimedGroup g, long newlyReclaimed) {
        SocketReclaimed e = new SocketReclaimed();
        if (e.shouldCommit()) {
            e.site = g.site;
            e.kind = g.kind;
            e.count = newlyReclaimed;
            e.openedBy = g.openedBy.describe();
            e.lastPeer = g.lastPeer;
            e.allocationStack = join(g.allocation);
            e.commit();
        }
    }

    private static String join(List<StackTraceElement> frames) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement f : frames) {
            sb.append(Frames.format(f)).append('\n');
        }
        return sb.toString();
    }

    /** The allocation stack is a field: the event's own stack would be the scanner thread's. */
    @Name("io.sockwatch.SocketLeak")
    @Label("Socket Leak")
    @Category({"sockwatch"})
    @Description("A socket stayed in CLOSE_WAIT for at least the threshold, or kept unread data nobody read for it "
            + "(a stalled reader): the application never closed it")
    @Period("beginChunk")
    @StackTrace(false)
    static final class SocketLeak extends Event {
        @Label("Site") String site;
        @Label("Kind") String kind;
        @Label("File Descriptor") int fd;
        @Label("Local") String local;
        @Label("Remote") String remote;
        @Label("Receive Queue") long rxQueue;
        @Label("Stalled Reader") @Description("ESTABLISHED with unread data nobody read, not CLOSE_WAIT") boolean stalled;
        @Label("Age in CLOSE_WAIT") @Description("For a stalled reader: the age in its state")
        @Timespan(Timespan.MILLISECONDS) long closeWaitAge;
        @Label("Opened By Thread") String openedBy;
        @Label("Allocation Stack") String allocationStack;
    }

    @Name("io.sockwatch.SocketReclaimed")
    @Label("Socket Reclaimed Without Close")
    @Category({"sockwatch"})
    @Description("The GC reclaimed open sockets whose close() was never called")
    @StackTrace(false)
    static final class SocketReclaimed extends Event {
        @Label("Site") String site;
        @Label("Kind") String kind;
        @Label("Count") long count;
        @Label("Opened By Thread") String openedBy;
        @Label("Last Peer") String lastPeer;
        @Label("Allocation Stack") String allocationStack;
    }
}
