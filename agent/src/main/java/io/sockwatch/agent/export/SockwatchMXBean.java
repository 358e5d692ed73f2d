package io.sockwatch.agent.export;

import java.util.Map;

/** sockwatch over JMX: {@code io.sockwatch:type=Sockwatch} in the platform MBean server. */
public interface SockwatchMXBean {
    String OBJECT_NAME = "io.sockwatch:type=Sockwatch";

    /** Open tracked sockets per kernel TCP state, as of the last scan. */
    Map<String, Integer> getStates();

    int getTrackedSockets();

    int getLeakedSockets();

    long getReclaimedWithoutClose();

    long getInternalErrors();

    String getOptions();

    /** Scans now and returns the human-readable report. */
    String textReport();

    /** Scans now and returns the JSON report (docs/report-format.md). */
    String jsonReport();
}
