package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The counts of a {@link LeakReport}, kept between scans instead of the report itself (which is per socket): what
 * JMX attributes and JFR's periodic event read, so neither scans.
 */
public final class ReportSummary {
    /** The states exported each on its own (JMX, JFR); the tracked sockets in any other state are counted together. */
    public static final List<TcpState> EXPORTED_STATES = List.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
            TcpState.CLOSE_WAIT, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.LAST_ACK, TcpState.CLOSING,
            TcpState.LISTEN);
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
    /** The leaks by site, most sockets first. */
    public final List<LeakGroup> leakSites;
    /** The close sites of connections closed first whose rows linger (TIME_WAIT, FIN_WAIT), as in the report. */
    public final List<CloseSite> timeWaitSites;
    /** The busiest destination's share of the ephemeral port range, 0 to 1; 0 when none or the range is unknown. */
    public final double busiestDestinationPortShare;
    /** Scans done up to and including this one. */
    public final long scans;

    ReportSummary(LeakReport report, long scans) {
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
        this.leakSites = report.leaks;
        List<CloseSite> closeSites = new ArrayList<>();
        for (TimeWaitGroup g : report.timeWait) {
            closeSites.add(new CloseSite(g));
        }
        this.timeWaitSites = Collections.unmodifiableList(closeSites);
        this.busiestDestinationPortShare = report.ports.isEmpty() ? 0 : report.ports.get(0).share();
        this.scans = scans;
    }

    public int inState(TcpState state) {
        return states.getOrDefault(state, 0);
    }

    /** Tracked sockets in a state not in {@link #EXPORTED_STATES} (e.g. no kernel row yet, or unknown). */
    public int inOtherStates() {
        int other = trackedSockets;
        for (TcpState state : EXPORTED_STATES) {
            other -= inState(state);
        }
        return other;
    }

    /** A {@link TimeWaitGroup}'s counts, without its peers and stacks (kept until the next scan). Immutable. */
    public static final class CloseSite {
        public final String site;
        public final int timeWait;
        public final int finWait2;
        public final int closing;

        CloseSite(TimeWaitGroup g) {
            this.site = g.site;
            this.timeWait = g.timeWait;
            this.finWait2 = g.finWait2;
            this.closing = g.closing;
        }

        public int rows() {
            return timeWait + finWait2 + closing;
        }
    }
}
