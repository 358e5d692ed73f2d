package io.sockwatch.agent.export;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.report.SocketSnapshot;
import java.util.function.Supplier;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Follows Flight Recorder recordings: once one runs, a periodic {@code io.sockwatch.SocketStates} event (states and
 * fds, for a timeline in JDK Mission Control) and, at the start of every chunk, the current leaks again as
 * {@code io.sockwatch.SocketLeak}, so a recording started in the middle of an incident sees the leaks found before
 * it. Nothing is registered with JFR before a recording runs; the hooks read the last scan's summary, never scan.
 */
final class JfrRecordings implements FlightRecorderListener {
    private final Supplier<ReportSummary> latest;
    private final Runnable states = this::emitStates;
    private final Runnable leaks = this::emitLeaks;
    /** Guarded by this. */
    private boolean hooked;
    private boolean stopped;

    private JfrRecordings(Supplier<ReportSummary> latest) {
        this.latest = latest;
    }

    static boolean recorderStarted() {
        return FlightRecorder.isInitialized();
    }

    /** Starts following; returns what stops it (and removes every hook and listener). */
    static Runnable follow(Supplier<ReportSummary> latest) {
        JfrRecordings r = new JfrRecordings(latest);
        FlightRecorder.addListener(r);
        if (FlightRecorder.isInitialized()) {
            for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
                r.recordingStateChanged(recording);
            }
        }
        return r::stop;
    }

    /**
     * The first recording's first chunk has begun before its listeners hear of it, so the leaks known now are
     * emitted here once; later chunks get them from the chunk hook.
     */
    @Override
    public void recordingStateChanged(Recording recording) {
        if (recording.getState() == RecordingState.RUNNING && hook()) {
            emitLeaks();
        }
    }

    /** True if the hooks were added now. */
    private synchronized boolean hook() {
        if (hooked || stopped) {
            return false;
        }
        FlightRecorder.addPeriodicEvent(SocketStates.class, states);
        FlightRecorder.addPeriodicEvent(JfrLeakEvents.SocketLeak.class, leaks);
        hooked = true;
        return true;
    }

    private synchronized void stop() {
        stopped = true;
        FlightRecorder.removeListener(this);
        if (hooked) {
            FlightRecorder.removePeriodicEvent(states);
            FlightRecorder.removePeriodicEvent(leaks);
            hooked = false;
        }
    }

    private void emitStates() {
        ReportSummary s = latest.get();
        if (s == null) {
            return;
        }
        SocketStates e = new SocketStates();
        e.tracked = s.trackedSockets;
        e.leaked = s.leakedSockets;
        e.leakSites = s.leakSites.size();
        e.established = s.inState(TcpState.ESTABLISHED);
        e.synSent = s.inState(TcpState.SYN_SENT);
        e.closeWait = s.inState(TcpState.CLOSE_WAIT);
        e.finWait1 = s.inState(TcpState.FIN_WAIT1);
        e.finWait2 = s.inState(TcpState.FIN_WAIT2);
        e.lastAck = s.inState(TcpState.LAST_ACK);
        e.closing = s.inState(TcpState.CLOSING);
        e.listen = s.inState(TcpState.LISTEN);
        e.otherStates = s.inOtherStates();
        e.reclaimedWithoutClose = s.reclaimedWithoutClose;
        e.timeWaitClosedHere = s.timeWait;
        e.timeWaitSites = s.timeWaitSites.size();
        e.openFds = s.openFds;
        e.fdLimit = s.fdLimit;
        e.fdExhaustionForecast = s.fdExhaustionSeconds;
        e.busiestDestinationPortShare = s.busiestDestinationPortShare;
        e.internalErrors = s.internalErrors;
        e.scans = s.scans;
        e.commit();
    }

    private void emitLeaks() {
        ReportSummary s = latest.get();
        if (s == null) {
            return;
        }
        for (SocketSnapshot leak : s.leaked) {
            JfrLeakEvents.leakFound(leak, s.generatedAtMillis - leak.stateSinceMillis);
        }
    }

    @Name("io.sockwatch.SocketStates")
    @Label("Socket States")
    @Category({"sockwatch"})
    @Description("The numbers of sockwatch's JMX MBean io.sockwatch:type=Sockwatch, as of its last scan")
    @Period("5 s")
    @StackTrace(false)
    static final class SocketStates extends Event {
        @Label("Tracked") int tracked;
        @Label("Leaked") int leaked;
        @Label("Leak Sites") int leakSites;
        @Label("ESTABLISHED") int established;
        @Label("SYN_SENT") int synSent;
        @Label("CLOSE_WAIT") int closeWait;
        @Label("FIN_WAIT1") int finWait1;
        @Label("FIN_WAIT2") int finWait2;
        @Label("LAST_ACK") int lastAck;
        @Label("CLOSING") int closing;
        @Label("LISTEN") int listen;
        @Label("Other States") @Description("Tracked sockets in another state, e.g. not connected yet") int otherStates;
        @Label("Reclaimed Without Close") @Description("Since start") long reclaimedWithoutClose;
        @Label("TIME_WAIT Closed Here") @Description("TIME_WAIT rows of connections this JVM closed first") int timeWaitClosedHere;
        @Label("TIME_WAIT Sites") @Description("Close sites with TIME_WAIT or FIN_WAIT rows") int timeWaitSites;
        @Label("Open File Descriptors") int openFds;
        @Label("File Descriptor Limit") @Description("-1 when unlimited or unknown") long fdLimit;
        @Label("Fd Exhaustion Forecast") @Description("-1 when fds are not growing") @Timespan(Timespan.SECONDS)
        long fdExhaustionForecast;
        @Label("Busiest Destination Port Share") @Description("Of the ephemeral port range, 0 to 1")
        double busiestDestinationPortShare;
        @Label("Internal Errors") @Description("Since start") long internalErrors;
        @Label("Scans") @Description("Since start") long scans;
    }
}
