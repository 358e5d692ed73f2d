package io.sockwatch.agent.report;

import io.sockwatch.agent.correlation.ActiveClose;
import io.sockwatch.agent.correlation.Lingering;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.AllocationStack;
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
            String site = sites.computeIfAbsent(l.close().closeStack(), s -> Sites.describeClose(s.frames(), filter));
            byCloseSite.computeIfAbsent(site, k -> new ArrayList<>()).add(l);
        }
        List<TimeWaitGroup> groups = new ArrayList<>();
        byCloseSite.forEach((site, rows) -> groups.add(group(site, rows, sites, filter)));
        groups.sort(Comparator.comparingInt((TimeWaitGroup g) -> g.timeWait).reversed()
                .thenComparing(Comparator.comparingInt((TimeWaitGroup g) -> g.finWait2).reversed()));
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
            remotes.merge(c.remote(), 1, Integer::sum);
            String openSite = sites.computeIfAbsent(c.allocation(), s -> Sites.describe(s.frames(), filter));
            openStacks.putIfAbsent(openSite, c.allocation());
            openCounts.merge(openSite, 1, Integer::sum);
        }
        List<TimeWaitGroup.SiteCount> openedAt = new ArrayList<>();
        openStacks.forEach((s, stack) -> openedAt.add(new TimeWaitGroup.SiteCount(s, stack.frames(), openCounts.get(s))));
        openedAt.sort(Comparator.comparingInt((TimeWaitGroup.SiteCount c) -> c.count).reversed());
        return new TimeWaitGroup(site, rows.get(0).close().closeStack().frames(), timeWait, finWait2, closing, openedAt,
                biggestFirst(remotes));
    }

    private static Map<String, Integer> biggestFirst(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
