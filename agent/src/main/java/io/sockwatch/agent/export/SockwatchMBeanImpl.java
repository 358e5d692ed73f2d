package io.sockwatch.agent.export;

import io.sockwatch.agent.report.ReportSummary;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.ObjectName;

/** The MXBean, backed by the latest scan. Registers in the platform MBean server, which opens no port. */
public final class SockwatchMBeanImpl implements SockwatchMXBean {
    private final Supplier<ReportSummary> latest;
    private final Supplier<String> options;
    private final Supplier<String> text;
    private final Supplier<String> json;
    private final Runnable detach;

    public SockwatchMBeanImpl(Supplier<ReportSummary> latest, Supplier<String> options, Supplier<String> text,
                              Supplier<String> json, Runnable detach) {
        this.latest = latest;
        this.options = options;
        this.text = text;
        this.json = json;
        this.detach = detach;
    }

    public void register() throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(OBJECT_NAME));
    }

    public static void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
        } catch (Exception notRegistered) {
            // nothing to undo
        }
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

    @Override
    public void detach() {
        // Off the JMX thread: detaching retransforms JDK classes while the connection is still in use.
        new io.sockwatch.agent.AgentThread("detach", detach).start();
    }
}
