package io.sockwatch.agent.scan;

import io.sockwatch.agent.correlation.ActiveClose;
import io.sockwatch.agent.correlation.Lingering;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.ProcText;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.report.CountTrend;
import io.sockwatch.agent.report.FdHeadroom;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.PortUse;
import io.sockwatch.agent.report.Sites;
import io.sockwatch.agent.report.SocketSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How close the process is to running out: fds against {@code RLIMIT_NOFILE} with a forecast, CLOSE_WAIT growth
 * per site, and ephemeral ports per destination. Keeps the trends between scans; used under the scanner's lock.
 */
final class Headroom {
    /** Samples per fd trend: the minute of {@link CountTrend} down to a 100 ms interval, about 7 KB. */
    private static final int FD_SAMPLES = 600;
    /** Per site: the minute at intervals down to 1 s. */
    private static final int SITE_SAMPLES = 60;
    /** Sites with a CLOSE_WAIT trend; more are not followed (their sockets are still reported). */
    private static final int MAX_SITES = 200;
    /** Destinations in a report, the busiest first. */
    static final int MAX_DESTINATIONS = 20;
    /** Sites named per destination. */
    private static final int SITES_PER_DESTINATION = 3;

    private final Path procSelf;
    private final ProcFds fdDir;
    private final CountTrend fds = new CountTrend(FD_SAMPLES);
    private final Map<String, LeakArrivals> closeWaitBySite = new HashMap<>();

    Headroom(Path procSelf) {
        this.procSelf = procSelf;
        this.fdDir = new ProcFds(procSelf.resolve("fd"));
    }

    FdHeadroom fds(long nowMillis) {
        int open = fdDir.count();
        long limit = -1;
        String problem = open < 0 ? "cannot list " + procSelf.resolve("fd") : null;
        try {
            limit = ProcText.openFilesLimit(procSelf);
        } catch (IOException | RuntimeException e) {
            problem = (problem == null ? "" : problem + "; ") + "cannot read the fd limit (" + e.getMessage() + ")";
        }
        if (open >= 0) {
            fds.add(nowMillis, open);
        }
        double growth = fds.growthPerMinute(nowMillis);
        return new FdHeadroom(open, limit, growth, FdHeadroom.forecast(open, limit, growth), problem);
    }

    /**
     * Per site that has CLOSE_WAIT sockets now: how many became CLOSE_WAIT leaks per minute; NaN until enough scans.
     * The trend is of a count that only grows (every leak since the site's trend began), so it is never negative: a
     * steady leak is 0.0/min, even while sockets of its site that were never leaks come and go in CLOSE_WAIT.
     *
     * @param leakAfter how long a socket is in CLOSE_WAIT before it is a leak (the report's threshold)
     */
    Map<String, Double> closeWaitGrowth(List<SocketSnapshot> sockets, long nowMillis, long leakAfter) {
        Map<String, int[]> arrivals = new HashMap<>(); // per site: sockets that became leaks since its last sample
        for (SocketSnapshot s : sockets) {
            if (s.tracked && s.state == TcpState.CLOSE_WAIT) {
                int[] n = arrivals.get(s.site);
                if (n == null) {
                    n = new int[1];
                    arrivals.put(s.site, n);
                }
                LeakArrivals known = closeWaitBySite.get(s.site);
                if (s.leak && (known == null || s.stateSinceMillis + leakAfter > known.lastSampleMillis)) {
                    n[0]++;
                }
            }
        }
        closeWaitBySite.keySet().retainAll(arrivals.keySet());
        Map<String, Double> growth = new HashMap<>();
        for (Map.Entry<String, int[]> e : arrivals.entrySet()) {
            LeakArrivals site = closeWaitBySite.get(e.getKey());
            if (site == null && closeWaitBySite.size() < MAX_SITES) {
                site = new LeakArrivals();
                closeWaitBySite.put(e.getKey(), site);
            }
            if (site != null) {
                growth.put(e.getKey(), site.add(nowMillis, e.getValue()[0]));
            }
        }
        return growth;
    }

    /** The leaks of one site since its trend began, a count that never falls, and its trend. */
    private static final class LeakArrivals {
        final CountTrend trend = new CountTrend(SITE_SAMPLES);
        long lastSampleMillis;
        int leaks;

        double add(long nowMillis, int arrived) {
            leaks += arrived;
            lastSampleMillis = nowMillis;
            trend.add(nowMillis, leaks);
            // the slope of a count that never falls is >= 0; max() drops rounding's -0.0 and -1e-15 ("-0.0/min")
            return Math.max(0.0, trend.growthPerMinute(nowMillis));
        }
    }

    /**
     * Local ports per destination held by this process's outgoing connections: open client sockets in any state
     * ({@code open}, counted by the scan), and the rows of those it closed first. Accepted sockets use the
     * listener's port, not an ephemeral one.
     */
    List<PortUse> ports(DestinationPorts open, List<Lingering> lingering, FrameFilter filter, int range) {
        Map<AllocationStack, String> closeSites = new HashMap<>();
        for (Lingering l : lingering) {
            ActiveClose c = l.close();
            if (isOutgoing(c.kind())) {
                String site = closeSites.get(c.closeStack());
                if (site == null) {
                    site = "closed first at " + Sites.describeClose(c.closeStack().frames(), filter);
                    closeSites.put(c.closeStack(), site);
                }
                open.closing(c.remoteHost(), c.remotePort(), site);
            }
        }
        List<PortUse> uses = open.uses(range, SITES_PER_DESTINATION);
        uses.sort(new MostInUseFirst());
        return uses.size() > MAX_DESTINATIONS ? new ArrayList<>(uses.subList(0, MAX_DESTINATIONS)) : uses;
    }

    /** The size of the namespace's {@code ip_local_port_range}; -1 when unreadable. */
    int ephemeralPorts() {
        try {
            return ProcText.ephemeralPorts(procSelf.getParent());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether the socket took an ephemeral port of its own: accepted ones share the listener's. */
    static boolean isOutgoing(SocketKind kind) {
        return kind == SocketKind.SOCKET || kind == SocketKind.SOCKET_CHANNEL || kind == SocketKind.ASYNC_SOCKET_CHANNEL;
    }

    private static final class MostInUseFirst implements Comparator<PortUse> {
        @Override
        public int compare(PortUse a, PortUse b) {
            return Integer.compare(b.inUse(), a.inUse());
        }
    }
}
