package io.sockwatch.agent.export;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.ReportSummary;

/**
 * The MXBean, backed by the last scan's summary (never null once registered: see {@link JmxRegistration});
 * attributes only read it. {@link JmxRegistration} decides where it is registered.
 */
public final class SockwatchMBeanImpl implements SockwatchMXBean {
    /** What the MXBean reads: one object, not four lambdas, each a class spun when the application starts JMX. */
    public interface Source {
        /** The last scan's summary. */
        ReportSummary latest();

        String options();

        String textReport();

        String jsonReport();
    }

    private final Source source;

    public SockwatchMBeanImpl(Source source) {
        this.source = source;
    }

    @Override
    public int getTrackedSockets() {
        return source.latest().trackedSockets;
    }

    @Override
    public int getEstablishedSockets() {
        return source.latest().inState(TcpState.ESTABLISHED);
    }

    @Override
    public int getSynSentSockets() {
        return source.latest().inState(TcpState.SYN_SENT);
    }

    @Override
    public int getCloseWaitSockets() {
        return source.latest().inState(TcpState.CLOSE_WAIT);
    }

    @Override
    public int getFinWait1Sockets() {
        return source.latest().inState(TcpState.FIN_WAIT1);
    }

    @Override
    public int getFinWait2Sockets() {
        return source.latest().inState(TcpState.FIN_WAIT2);
    }

    @Override
    public int getLastAckSockets() {
        return source.latest().inState(TcpState.LAST_ACK);
    }

    @Override
    public int getClosingSockets() {
        return source.latest().inState(TcpState.CLOSING);
    }

    @Override
    public int getListenSockets() {
        return source.latest().inState(TcpState.LISTEN);
    }

    @Override
    public int getOtherStateSockets() {
        return source.latest().inOtherStates();
    }

    @Override
    public int getLeakedSockets() {
        return source.latest().leakedSockets;
    }

    @Override
    public int getLeakSites() {
        return source.latest().leakSites.size();
    }

    @Override
    public long getReclaimedWithoutClose() {
        return source.latest().reclaimedWithoutClose;
    }

    @Override
    public int getTimeWaitClosedHere() {
        return source.latest().timeWait;
    }

    @Override
    public int getTimeWaitSites() {
        return source.latest().timeWaitSites.size();
    }

    @Override
    public int getOpenFds() {
        return source.latest().openFds;
    }

    @Override
    public long getFdLimit() {
        return source.latest().fdLimit;
    }

    @Override
    public long getFdExhaustionForecastSeconds() {
        return source.latest().fdExhaustionSeconds;
    }

    @Override
    public double getBusiestDestinationPortShare() {
        return source.latest().busiestDestinationPortShare;
    }

    @Override
    public long getInternalErrors() {
        return source.latest().internalErrors;
    }

    @Override
    public long getScans() {
        return source.latest().scans;
    }

    @Override
    public String options() {
        return source.options();
    }

    @Override
    public String textReport() {
        return source.textReport();
    }

    @Override
    public String jsonReport() {
        return source.jsonReport();
    }
}
