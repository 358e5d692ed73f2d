package io.sockwatch.agent.scan;

import io.sockwatch.agent.correlation.ActiveClose;
import io.sockwatch.agent.correlation.Lingering;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
import io.sockwatch.agent.report.Counts;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.Sites;
import io.sockwatch.agent.report.TimeWaitGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups the lingering rows of connections we closed by close site, then allocation site and remote. */
final class TimeWaitGroups {

    private TimeWaitGroups() {
    }

    static List<TimeWaitGroup> of(List<Lingering> lingering, FrameFilter filter) {
        Map<AllocationStack, String> sites = new HashMap<>();
        Map<String, List<Lingering>> byCloseSite = new LinkedHashMap<>();
        for (Lingering l : lingering) {
            AllocationStack closeStack = l.close().closeStack();
            String site = sites.get(closeStack);
            if (site == null) {
                site = Sites.describeClose(closeStack.frames(), filter);
                sites.put(closeStack, site);
            }
            List<Lingering> rows = byCloseSite.get(site);
            if (rows == null) {
                rows = new ArrayList<>();
                byCloseSite.put(site, rows);
            }
            rows.add(l);
        }
        List<TimeWaitGroup> groups = new ArrayList<>();
        for (Map.Entry<String, List<Lingering>> e : byCloseSite.entrySet()) {
            groups.add(group(e.getKey(), e.getValue(), sites, filter));
        }
        groups.sort(new MostTimeWaitFirst());
        return groups;
    }

    private static TimeWaitGroup group(String site, List<Lingering> rows, Map<AllocationStack, String> sites,
                                       FrameFilter filter) {
        int timeWait = 0;
        int finWait2 = 0;
        int closing = 0;
        Map<String, Integer> remotes = new HashMap<>();
        Map<String, AllocationStack> openStacks = new LinkedHashMap<>();
        Map<String, Integer> openCounts = new HashMap<>();
        for (Lingering l : rows) {
            if (l.state() == TcpState.TIME_WAIT) {
                timeWait++;
            } else if (l.state() == TcpState.FIN_WAIT2) {
                finWait2++;
            } else {
                closing++;
            }
            ActiveClose c = l.close();
            Counts.add(remotes, c.remote(), 1);
            String openSite = sites.get(c.allocation());
            if (openSite == null) {
                openSite = Sites.describe(c.allocation().frames(), filter);
                sites.put(c.allocation(), openSite);
            }
            openStacks.putIfAbsent(openSite, c.allocation());
            Counts.add(openCounts, openSite, 1);
        }
        Map<String, Integer> openSites = new LinkedHashMap<>();
        for (String s : openStacks.keySet()) {
            openSites.put(s, openCounts.get(s));
        }
        List<TimeWaitGroup.SiteCount> openedAt = new ArrayList<>();
        for (Map.Entry<String, Integer> e : Counts.biggestFirst(openSites, Integer.MAX_VALUE).entrySet()) {
            openedAt.add(new TimeWaitGroup.SiteCount(e.getKey(), openStacks.get(e.getKey()).frames(), e.getValue()));
        }
        return new TimeWaitGroup(site, rows.get(0).close().closeStack().frames(), timeWait, finWait2, closing, openedAt,
                Counts.biggestFirst(remotes, Integer.MAX_VALUE));
    }

    /** Most TIME_WAIT rows first, then most FIN_WAIT2. */
    private static final class MostTimeWaitFirst implements Comparator<TimeWaitGroup> {
        @Override
        public int compare(TimeWaitGroup a, TimeWaitGroup b) {
            int byTimeWait = Integer.compare(b.timeWait, a.timeWait);
            return byTimeWait != 0 ? byTimeWait : Integer.compare(b.finWait2, a.finWait2);
        }
    }
}
