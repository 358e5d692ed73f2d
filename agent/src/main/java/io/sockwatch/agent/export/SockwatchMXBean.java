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

    /** Open fds of the process at the last scan; -1 when unknown. */
    int getOpenFds();

    /** Its {@code RLIMIT_NOFILE} (soft); -1 when unlimited or unknown. */
    long getFdLimit();

    /** Seconds until fds run out at the growth of the last minutes; -1 when they are not growing. */
    long getFdExhaustionForecastSeconds();

    /** TIME_WAIT rows of connections this JVM closed first, at the last scan. */
    int getTimeWaitClosedHere();

    String getOptions();

    /** Scans now and returns the human-readable report. */
    String textReport();

    /** Scans now and returns the JSON report (docs/report-format.md). */
    String jsonReport();
}
