package io.sockwatch.agent.export;

/**
 * sockwatch over JMX: {@code io.sockwatch:type=Sockwatch} in the platform MBean server. Its attributes are numbers
 * only (what the Prometheus JMX exporter and OpenTelemetry's JMX metrics export; they drop strings, maps and
 * arrays), each read from the last scan: reading them never scans. Per-site numbers are on {@link LeakSiteMXBean}
 * and {@link TimeWaitSiteMXBean}. docs/fleet.md maps them to metric names.
 */
public interface SockwatchMXBean {
    String OBJECT_NAME = "io.sockwatch:type=Sockwatch";

    /** Open tracked sockets. */
    int getTrackedSockets();

    int getEstablishedSockets();

    int getSynSentSockets();

    int getCloseWaitSockets();

    int getFinWait1Sockets();

    int getFinWait2Sockets();

    int getLastAckSockets();

    int getClosingSockets();

    int getListenSockets();

    /** Tracked sockets in any other state (e.g. not connected yet: no kernel row). */
    int getOtherStateSockets();

    /** Leaked sockets: CLOSE_WAIT past the threshold, and stalled readers. */
    int getLeakedSockets();

    /** Sites with leaked sockets (all of them; the LeakSite MBeans are the top ones). */
    int getLeakSites();

    /** Sockets the GC reclaimed without close() since sockwatch started (a counter). */
    long getReclaimedWithoutClose();

    /** TIME_WAIT rows of connections this JVM closed first. */
    int getTimeWaitClosedHere();

    /** Close sites with such rows (all of them; the TimeWaitSite MBeans are the top ones). */
    int getTimeWaitSites();

    /** Open fds of the process; -1 when unknown. */
    int getOpenFds();

    /** Its {@code RLIMIT_NOFILE} (soft); -1 when unlimited or unknown. */
    long getFdLimit();

    /** Seconds until fds run out at the growth of the last minutes; -1 when they are not growing. */
    long getFdExhaustionForecastSeconds();

    /** The busiest destination's share of the ephemeral port range, 0 to 1 (0 when the range is unknown). */
    double getBusiestDestinationPortShare();

    /** Internal errors since start (a counter). */
    long getInternalErrors();

    /** Scans since start, periodic and on request (a counter). */
    long getScans();

    /** The options sockwatch runs with. */
    String options();

    /** Scans now and returns the human-readable report. */
    String textReport();

    /** Scans now and returns the JSON report (docs/report-format.md). */
    String jsonReport();
}
