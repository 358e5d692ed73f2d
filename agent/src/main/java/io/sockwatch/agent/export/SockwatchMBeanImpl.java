package io.sockwatch.agent.export;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.ReportSummary;
import java.util.function.Supplier;

/**
 * The MXBean, backed by the last scan's summary (never null once registered: see {@link JmxRegistration});
 * attributes only read it. {@link JmxRegistration} decides where it is registered.
 */
public final class SockwatchMBeanImpl implements SockwatchMXBean {
    private final Supplier<ReportSummary> latest;
    private final Supplier<String> options;
    private final Supplier<String> text;
    private final Supplier<String> json;

    public SockwatchMBeanImpl(Supplier<ReportSummary> latest, Supplier<String> options, Supplier<String> text,
                              Supplier<String> json) {
        this.latest = latest;
        this.options = options;
        this.text = text;
        this.json = json;
    }

    @Override
    public int getTrackedSockets() {
        return latest.get().trackedSockets;
    }

    @Override
    public int getEstablishedSockets() {
        return latest.get().inState(TcpState.ESTABLISHED);
    }

    @Override
    public int getSynSentSockets() {
        return latest.get().inState(TcpState.SYN_SENT);
    }

    @Override
    public int getCloseWaitSockets() {
        return latest.get().inState(TcpState.CLOSE_WAIT);
    }

    @Override
    public int getFinWait1Sockets() {
        return latest.get().inState(TcpState.FIN_WAIT1);
    }

    @Override
    public int getFinWait2Sockets() {
        return latest.get().inState(TcpState.FIN_WAIT2);
    }

    @Override
    public int getLastAckSockets() {
        return latest.get().inState(TcpState.LAST_ACK);
    }

    @Override
    public int getClosingSockets() {
        return latest.get().inState(TcpState.CLOSING);
    }

    @Override
    public int getListenSockets() {
        return latest.get().inState(TcpState.LISTEN);
    }

    @Override
    public int getOtherStateSockets() {
        return latest.get().inOtherStates();
    }

    @Override
    public int getLeakedSockets() {
        return latest.get().leakedSockets;
    }

    @Override
    public int getLeakSites() {
        return latest.get().leakSites.size();
    }

    @Override
    public long getReclaimedWithoutClose() {
        return latest.get().reclaimedWithoutClose;
    }

    @Override
    public int getTimeWaitClosedHere() {
        return latest.get().timeWait;
    }

    @Override
    public int getTimeWaitSites() {
        return latest.get().timeWaitSites.size();
    }

    @Override
    public int getOpenFds() {
        return latest.get().openFds;
    }

    @Override
    public long getFdLimit() {
        return latest.get().fdLimit;
    }

    @Override
    public long getFdExhaustionForecastSeconds() {
        return latest.get().fdExhaustionSeconds;
    }

    @Override
    public double getBusiestDestinationPortShare() {
        return latest.get().busiestDestinationPortShare;
    }

    @Override
    public long getInternalErrors() {
        return latest.get().internalErrors;
    }

    @Override
    public long getScans() {
        return latest.get().scans;
    }

    @Override
    public String options() {
        return options.get();
    }

    @Override
    public String textReport() {
        return text.get();
    }

    @Override
    public String jsonReport() {
        return json.get();
    }
}
