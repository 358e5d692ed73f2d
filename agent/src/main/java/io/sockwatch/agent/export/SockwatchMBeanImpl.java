package io.sockwatch.agent.export;

import io.sockwatch.agent.report.ReportSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The MXBean, backed by the latest scan; {@link JmxRegistration} decides where it is registered. */
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
    public Map<String, Integer> getStates() {
        Map<String, Integer> states = new LinkedHashMap<>();
        latest.get().states.forEach((state, count) -> states.put(state.name(), count));
        return states;
    }

    @Override
    public int getTrackedSockets() {
        return latest.get().trackedSockets;
    }

    @Override
    public int getLeakedSockets() {
        return latest.get().leakedSockets;
    }

    @Override
    public long getReclaimedWithoutClose() {
        return latest.get().reclaimedWithoutClose;
    }

    @Override
    public long getInternalErrors() {
        return latest.get().internalErrors;
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
    public int getTimeWaitClosedHere() {
        return latest.get().timeWait;
    }

    @Override
    public String getOptions() {
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
