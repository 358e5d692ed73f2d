package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The counts of a {@link LeakReport}, kept between scans instead of the report itself (which is per socket). */
public final class ReportSummary {
    public final Map<TcpState, Integer> states;
    public final int trackedSockets;
    public final int leakedSockets;
    public final long reclaimedWithoutClose;
    public final long internalErrors;
    public final int openFds;
    public final long fdLimit;
    public final long fdExhaustionSeconds;
    public final int timeWait;
    public final long generatedAtMillis;
    /** The leaked sockets, for JFR to emit again in a new recording chunk. */
    public final List<SocketSnapshot> leaked;

    ReportSummary(LeakReport report) {
        this.states = report.states;
        this.trackedSockets = report.trackedCount();
        this.leakedSockets = report.leakCountWithLeases();
        this.reclaimedWithoutClose = report.reclaimedCount();
        this.internalErrors = report.internalErrors;
        this.openFds = report.fds.open;
        this.fdLimit = report.fds.limit;
        this.fdExhaustionSeconds = report.fds.exhaustionSeconds;
        this.timeWait = report.timeWaitCount();
        this.generatedAtMillis = report.generatedAtMillis;
        List<SocketSnapshot> leaked = new ArrayList<>();
        for (LeakGroup g : report.leaks) {
            leaked.addAll(g.sockets);
        }
        this.leaked = Collections.unmodifiableList(leaked);
    }
}
