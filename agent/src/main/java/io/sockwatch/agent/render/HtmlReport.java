package io.sockwatch.agent.render;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.FdHeadroom;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.Frames;
import io.sockwatch.agent.report.HistorySample;
import io.sockwatch.agent.report.LastIo;
import io.sockwatch.agent.report.LeakGroup;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.LeaseWaiter;
import io.sockwatch.agent.report.LeasedConnection;
import io.sockwatch.agent.report.LeasedPools;
import io.sockwatch.agent.report.PortUse;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.report.SocketSnapshot;
import io.sockwatch.agent.report.TimeWaitGroup;
import io.sockwatch.agent.report.UnattributedGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link LeakReport} and the history of samples before it as one self-contained HTML page: inline CSS and SVG, no
 * script, no external resource (it must open on an air-gapped jump host). Charts of the history's series, the
 * groups with their stacks, and the TCP state diagram with this process's counts. Its size grows with the number of
 * samples and groups, never with the number of sockets.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int PAD_LEFT = 56;
    private static final int PAD = 24;
    private static final int FRAMES_SHOWN = 12;

    private HtmlReport() {
    }

    public static String render(LeakReport r, List<HistorySample> history, FrameFilter filter) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "sockwatch report, pid " + r.pid;
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"when\">").append(UtcTime.of(r.generatedAtMillis))
                .append("</p>\n");
        summary(h, r);
        charts(h, history);
        leaks(h, r, filter);
        unattributed(h, r);
        leased(h, r, filter);
        deadlocks(h, r);
        timeWait(h, r, filter);
        halfClosed(h, r, filter);
        ports(h, r);
        diagram(h, r);
        return h.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder h, LeakReport r) {
        h.append("<section id=\"summary\"><h2>Summary</h2><ul>\n");
        boolean anyStalled = false;
        for (LeakGroup g : r.leaks) {
            anyStalled |= g.stalled;
        }
        li(h, r.leakCount() + (anyStalled ? " leaked socket(s) in CLOSE_WAIT or with unread data at "
                : " leaked socket(s) in CLOSE_WAIT at ") + r.leaks.size() + " site(s)"); // as the text report says
        if (!r.unattributedGroups.isEmpty()) {
            li(h, "plus " + r.unattributedCount() + " unattributed socket(s) (opened before sockwatch started, or by "
                    + "native code): " + states(r.unattributedStates()) + "; grouped under Unattributed sockets below");
        }
        li(h, r.reclaimedCount() + " socket(s) reclaimed by the GC without close()");
        li(h, r.trackedCount() + " open socket(s) tracked; states: " + states(r.states));
        if (!r.namespaceStates.isEmpty()) {
            li(h, "states in the network namespace (all processes): " + states(r.namespaceStates));
        }
        li(h, r.timeWaitCount() + " connection(s) this JVM closed first are in TIME_WAIT (each stays 60 s)");
        FdHeadroom f = r.fds;
        li(h, "file descriptors: " + f.open + " open of " + (f.limit < 0 ? "unlimited" : String.valueOf(f.limit))
                + (f.exhaustionSeconds < 0 ? ", not running out" : "; at this rate they run out in ~"
                + TextReport.approximately(f.exhaustionSeconds)));
        if (r.kernelProblem != null) {
            li(h, "kernel states unavailable: " + r.kernelProblem);
        }
        if (r.internalErrors > 0) {
            li(h, "sockwatch internal errors: " + r.internalErrors + ", last: " + r.lastInternalError);
        }
        h.append("</ul></section>\n");
    }

    private static void charts(StringBuilder h, List<HistorySample> history) {
        h.append("<section id=\"history\"><h2>History</h2>\n<p class=\"caption\">").append(history.size())
                .append(" scan(s)");
        if (!history.isEmpty()) {
            h.append(", from ").append(UtcTime.of(history.get(0).atMillis)).append(" to ")
                    .append(UtcTime.of(history.get(history.size() - 1).atMillis));
        }
        h.append("</p>\n");
        Set<TcpState> states = new LinkedHashSet<>();
        Set<String> closeWaitSites = new LinkedHashSet<>();
        Set<String> timeWaitSites = new LinkedHashSet<>();
        for (HistorySample s : history) {
            states.addAll(s.states.keySet());
            closeWaitSites.addAll(s.closeWaitBySite.keySet());
            timeWaitSites.addAll(s.timeWaitBySite.keySet());
        }
        Map<String, Function<HistorySample, Number>> byState = new LinkedHashMap<>();
        for (TcpState state : states) {
            byState.put(state.name(), s -> s.states.getOrDefault(state, 0));
        }
        chart(h, "Tracked sockets by TCP state", history, byState);
        chart(h, "CLOSE_WAIT by leak site", history, bySite(closeWaitSites, s -> s.closeWaitBySite));
        chart(h, "TIME_WAIT by close site", history, bySite(timeWaitSites, s -> s.timeWaitBySite));
        Map<String, Function<HistorySample, Number>> fds = new LinkedHashMap<>();
        fds.put("open fds", s -> s.openFds);
        fds.put("limit (RLIMIT_NOFILE)", s -> s.fdLimit);
        chart(h, "File descriptors against the limit", history, fds);
        h.append("</section>\n");
    }

    private static Map<String, Function<HistorySample, Number>> bySite(Set<String> sites,
                                                                       Function<HistorySample, Map<String, Integer>> series) {
        Map<String, Function<HistorySample, Number>> lines = new LinkedHashMap<>();
        for (String site : sites) {
            if (lines.size() == COLORS.length) {
                break;
            }
            lines.put(site, s -> series.apply(s).getOrDefault(site, 0));
        }
        return lines;
    }

    /** One SVG line chart; every line has a point per sample, so a reader can count scans along it. */
    private static void chart(StringBuilder h, String title, List<HistorySample> history,
                              Map<String, Function<HistorySample, Number>> lines) {
        h.append("<figure class=\"chart\"><figcaption>").append(esc(title)).append("</figcaption>\n");
        if (lines.isEmpty() || history.isEmpty()) {
            h.append("<p class=\"empty\">nothing to draw: no scan saw any</p></figure>\n");
            return;
        }
        double max = 1;
        for (Function<HistorySample, Number> line : lines.values()) {
            for (HistorySample s : history) {
                max = Math.max(max, line.apply(s).doubleValue());
            }
        }
        long t0 = history.get(0).atMillis;
        long span = Math.max(1, history.get(history.size() - 1).atMillis - t0);
        int plotW = WIDTH - PAD_LEFT - PAD;
        int plotH = HEIGHT - 2 * PAD;
        h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\"><title>").append(esc(title)).append("</title>\n");
        h.append("<line class=\"axis\" x1=\"").append(PAD_LEFT).append("\" y1=\"").append(PAD + plotH).append("\" x2=\"")
                .append(PAD_LEFT + plotW).append("\" y2=\"").append(PAD + plotH).append("\"/>");
        h.append("<line class=\"axis\" x1=\"").append(PAD_LEFT).append("\" y1=\"").append(PAD).append("\" x2=\"")
                .append(PAD_LEFT).append("\" y2=\"").append(PAD + plotH).append("\"/>\n");
        h.append("<text x=\"").append(PAD_LEFT - 6).append("\" y=\"").append(PAD + 4).append("\" text-anchor=\"end\">")
                .append(number(max)).append("</text><text x=\"").append(PAD_LEFT - 6).append("\" y=\"")
                .append(PAD + plotH).append("\" text-anchor=\"end\">0</text>\n");
        h.append("<text x=\"").append(PAD_LEFT).append("\" y=\"").append(HEIGHT - 4).append("\">")
                .append(clock(t0)).append("</text><text x=\"").append(PAD_LEFT + plotW).append("\" y=\"")
                .append(HEIGHT - 4).append("\" text-anchor=\"end\">").append(clock(t0 + span)).append("</text>\n");
        int color = 0;
        List<String> legend = new ArrayList<>();
        for (Map.Entry<String, Function<HistorySample, Number>> line : lines.entrySet()) {
            String c = COLORS[color++ % COLORS.length];
            h.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < history.size(); i++) {
                HistorySample s = history.get(i);
                double x = PAD_LEFT + (s.atMillis - t0) * (double) plotW / span;
                double y = PAD + plotH - line.getValue().apply(s).doubleValue() * plotH / max;
                h.append(i == 0 ? "" : " ").append(coordinate(x)).append(',').append(coordinate(y));
            }
            h.append("\"><title>").append(esc(line.getKey())).append("</title></polyline>\n");
            legend.add("<li><span class=\"swatch\" style=\"background:" + c + "\"></span>" + esc(line.getKey())
                    + ": " + number(line.getValue().apply(history.get(history.size() - 1)).doubleValue()) + " now</li>");
        }
        h.append("</svg>\n<ul class=\"legend\">").append(String.join("", legend)).append("</ul></figure>\n");
    }

    private static void leaks(StringBuilder h, LeakReport r, FrameFilter filter) {
        h.append("<section id=\"leaks\"><h2>Leaks: CLOSE_WAIT by site</h2>\n");
        if (r.leaks.isEmpty()) {
            h.append("<p>No socket has been in CLOSE_WAIT for the threshold.</p>\n");
        }
        for (LeakGroup g : r.leaks) {
            SocketSnapshot oldest = g.oldest();
            h.append("<article class=\"group\"><h3>").append(g.sockets.size())
                    .append(g.stalled ? " socket(s) with unread data, nobody reading, opened at <code>"
                            : " socket(s) in CLOSE_WAIT opened at <code>")
                    .append(esc(g.site)).append("</code></h3>\n<p>kind ").append(esc(oldest.kind)).append(", oldest ")
                    .append((r.generatedAtMillis - oldest.stateSinceMillis) / 1000).append(" s in ")
                    .append(g.stalled ? oldest.state : TcpState.CLOSE_WAIT).append(", peer(s) ")
                    .append(esc(String.join(", ", g.peers()))).append("<br>receive queue: ")
                    .append(esc(g.stalled ? TextReport.explainUnreadData(g.sockets)
                            : TextReport.explainReceiveQueue(g.sockets))).append("<br>opened by ")
                    .append(esc(oldest.openedBy.describe())).append("</p>\n");
            if (g.waitingForWorkers != null) {
                WaitingForWorkersBlocks.html(h, g.waitingForWorkers);
            }
            stack(h, "allocation stack", oldest.allocation, filter);
            for (LastIo io : g.lastIo()) {
                if (!io.movedOn && !io.thread.stack.isEmpty()) {
                    stack(h, "last I/O by " + io.thread.describe() + ", now " + io.thread.state, io.thread.stack, filter);
                }
            }
            h.append("</article>\n");
        }
        for (ReclaimedGroup g : r.reclaimed) {
            h.append("<article class=\"group\"><h3>").append(g.count).append(' ').append(esc(g.kind))
                    .append("(s) reclaimed by the GC without close(), opened at <code>").append(esc(g.site))
                    .append("</code></h3>\n");
            stack(h, "allocation stack", g.allocation, filter);
            h.append("</article>\n");
        }
        h.append("</section>\n");
    }

    /** The groups of the text report's UNATTRIBUTED section, as a table. */
    private static void unattributed(StringBuilder h, LeakReport r) {
        if (r.unattributedGroups.isEmpty()) {
            return;
        }
        h.append("<section id=\"unattributed\"><h2>Unattributed sockets</h2>\n<p>").append(r.unattributedCount())
                .append(" socket(s) in ").append(r.unattributedGroups.size()).append(" group(s) that sockwatch did not ")
                .append("see opened: opened before sockwatch started, or by native code. No stack; the heap names ")
                .append("the code that holds them: <code>java -jar sockwatch-agent.jar explain ").append(r.pid)
                .append("</code> (it says the cost first). One entry per socket: <code>java -jar sockwatch-agent.jar ")
                .append("report ").append(r.pid).append(" --json</code>.</p>\n<table><tr><th>sockets</th><th>state</th>")
                .append("<th>local</th><th>peer</th><th>seen in state for</th><th>receive queue</th></tr>\n");
        for (UnattributedGroup g : r.unattributedGroups) {
            long oldest = g.oldestMillis(r.generatedAtMillis) / 1000;
            long youngest = g.youngestMillis(r.generatedAtMillis) / 1000;
            h.append("<tr class=\"unattributed\"><td>").append(g.sockets.size()).append("</td><td>").append(g.state)
                    .append("</td><td>").append(esc(g.local)).append(g.accepted ? " (accepted there)" : "")
                    .append("</td><td>").append(esc(g.remote)).append("</td><td>")
                    .append(youngest == oldest ? oldest + " s" : youngest + " s to " + oldest + " s").append("</td><td>")
                    .append(g.minRxQueue() == g.maxRxQueue() ? String.valueOf(g.maxRxQueue())
                            : g.minRxQueue() + " to " + g.maxRxQueue()).append(" byte(s)</td></tr>\n");
        }
        h.append("</table></section>\n");
    }

    private static void timeWait(StringBuilder h, LeakReport r, FrameFilter filter) {
        h.append("<section id=\"time-wait\"><h2>TIME_WAIT by close site</h2>\n");
        if (r.timeWait.isEmpty()) {
            h.append("<p>No TIME_WAIT or orphaned FIN_WAIT2 row of a connection this JVM closed first.</p>\n");
        }
        for (TimeWaitGroup g : r.timeWait) {
            h.append("<article class=\"group\"><h3>").append(g.timeWait).append(" TIME_WAIT, ").append(g.finWait2)
                    .append(" orphaned FIN_WAIT2, closed first at <code>").append(esc(g.site)).append("</code></h3>\n<ul>");
            for (TimeWaitGroup.SiteCount c : g.openedAt) {
                li(h, c.count + " opened at " + c.site);
            }
            g.remotes.entrySet().stream().limit(5).forEach(e -> li(h, e.getValue() + " to " + e.getKey()));
            h.append("</ul>\n");
            stack(h, "close stack", g.closeStack, filter);
            h.append("</article>\n");
        }
        h.append("</section>\n");
    }

    /** Connections leased from pools and never returned, by borrow site; the threads waiting for a lease. */
    private static void leased(StringBuilder h, LeakReport r, FrameFilter filter) {
        LeasedPools leased = r.leased;
        if (leased.leaked.isEmpty()) {
            return;
        }
        h.append("<section id=\"leased\"><h2>Leased from a pool, never returned</h2>\n");
        for (LeakGroup g : leased.leaked) {
            LeasedConnection lease = g.oldest().lease;
            h.append("<article class=\"group\"><h3>").append(g.sockets.size())
                    .append(" connection(s) borrowed at <code>").append(esc(g.site)).append("</code> from <code>")
                    .append(esc(lease.pool)).append("</code></h3>\n<p>no I/O since the lease; state(s) ")
                    .append(esc(g.sockets.stream().map(s -> s.state.name()).distinct()
                            .collect(java.util.stream.Collectors.joining(", "))))
                    .append("; peer(s) ").append(esc(String.join(", ", g.peers()))).append("</p>\n");
            for (LeasedPools.PoolCount p : leased.pools) {
                if (p.pool.equals(lease.pool)) {
                    h.append("<p>pool: ").append(p.leased).append(" leased (").append(p.leaked)
                            .append(" never returned), ").append(p.idle).append(" idle</p>\n");
                }
            }
            stack(h, "borrow stack", lease.borrow, filter);
            h.append("</article>\n");
        }
        if (!leased.waiting.isEmpty()) {
            h.append("<h3>").append(leased.waiting.size()).append(" thread(s) waiting for a lease</h3>\n<ul>\n");
            for (LeaseWaiter w : leased.waiting) {
                li(h, w.thread.describe() + " " + w.thread.state + " in " + w.waitingIn + ", for " + w.site);
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** Threads that hold sockets and wait for each other forever, each cycle as thread → lock → owner. */
    private static void deadlocks(StringBuilder h, LeakReport r) {
        if (r.deadlocks.isEmpty()) {
            return;
        }
        h.append("<section id=\"deadlocks\"><h2>Deadlocked: threads that hold sockets wait for each other forever</h2>\n");
        for (Deadlock d : r.deadlocks) {
            h.append("<p>").append(d.cycle().size()).append(" threads; the sockets they hold are never closed: <code>")
                    .append(esc(d.describe())).append("</code></p>\n");
        }
        h.append("</section>\n");
    }

    private static void halfClosed(StringBuilder h, LeakReport r, FrameFilter filter) {
        if (r.halfClosed.isEmpty()) {
            return;
        }
        h.append("<section id=\"half-closed\"><h2>Half-closed: FIN_WAIT2 with an open fd</h2>\n");
        for (LeakGroup g : r.halfClosed) {
            h.append("<article class=\"group\"><h3>").append(g.sockets.size())
                    .append(" socket(s) in FIN_WAIT2 opened at <code>").append(esc(g.site)).append("</code></h3>\n")
                    .append("<p>shutdownOutput() without close(); peer(s) ").append(esc(String.join(", ", g.peers())))
                    .append("</p>\n");
            stack(h, "allocation stack", g.oldest().allocation, filter);
            h.append("</article>\n");
        }
        h.append("</section>\n");
    }

    private static void ports(StringBuilder h, LeakReport r) {
        h.append("<section id=\"ports\"><h2>Ephemeral ports by destination</h2>\n<p>")
                .append(r.ephemeralPorts < 0 ? "ip_local_port_range unreadable" : r.ephemeralPorts + " ephemeral ports")
                .append("; a destination is flagged above ").append(Math.round(PortUse.WARNING_SHARE * 100))
                .append("% of them.</p>\n<table><tr><th>destination</th><th>ports held</th><th>open</th>")
                .append("<th>closed first</th><th>share</th><th>held by</th></tr>\n");
        for (PortUse p : r.ports) {
            h.append(p.warning() ? "<tr class=\"warn\">" : "<tr>").append("<td>").append(esc(p.remote)).append("</td><td>")
                    .append(p.inUse()).append("</td><td>").append(p.open).append("</td><td>").append(p.closing)
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f%%", p.share() * 100)).append("</td><td>");
            p.sites.forEach((site, n) -> h.append(n).append(' ').append(esc(site)).append("<br>"));
            h.append("</td></tr>\n");
        }
        h.append("</table></section>\n");
    }

    /** The TCP state machine, laid out as in RFC 793's figure, each state with this process's count now. */
    private static void diagram(StringBuilder h, LeakReport r) {
        Map<TcpState, Integer> counts = new LinkedHashMap<>(r.states);
        counts.merge(TcpState.TIME_WAIT, r.timeWaitCount(), Integer::sum);
        r.unattributedStates().forEach((state, n) -> counts.merge(state, n, Integer::sum));
        h.append("<section id=\"states\"><h2>TCP states of this process now</h2>\n")
                .append("<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"420\" ")
                .append("viewBox=\"0 0 760 420\" role=\"img\"><title>TCP state diagram with counts</title>\n")
                .append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" ")
                .append("orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n");
        int[][] edges = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}, {3, 7}, {4, 5}, {4, 9}, {5, 6}, {9, 6}, {7, 8},
            {8, 10}, {6, 10}};
        for (int[] e : edges) {
            int[] a = DIAGRAM_AT[e[0]];
            int[] b = DIAGRAM_AT[e[1]];
            h.append("<line class=\"edge\" x1=\"").append(a[0]).append("\" y1=\"").append(a[1] + 18).append("\" x2=\"")
                    .append(b[0]).append("\" y2=\"").append(b[1] - 20).append("\" marker-end=\"url(#arrow)\"/>\n");
        }
        for (int i = 0; i < DIAGRAM_STATES.length; i++) {
            TcpState state = DIAGRAM_STATES[i];
            int n = counts.getOrDefault(state, 0);
            String css = n == 0 ? "state" : state == TcpState.CLOSE_WAIT ? "state hot" : "state busy";
            int[] at = DIAGRAM_AT[i];
            h.append("<g class=\"").append(css).append("\"><rect x=\"").append(at[0] - 65).append("\" y=\"")
                    .append(at[1] - 18).append("\" width=\"130\" height=\"36\" rx=\"6\"/><text x=\"").append(at[0])
                    .append("\" y=\"").append(at[1] + 5).append("\" text-anchor=\"middle\">")
                    .append(state == TcpState.CLOSE ? "CLOSED" : state.name()).append(": ").append(n)
                    .append("</text></g>\n");
        }
        h.append("</svg>\n<p class=\"caption\">Counts: the tracked and unattributed sockets in each state, and in ")
                .append("TIME_WAIT the ")
                .append("connections this JVM closed first. CLOSE_WAIT is the application's move: it has to call close().</p>")
                .append("</section>\n");
    }

    private static final TcpState[] DIAGRAM_STATES = {TcpState.LISTEN, TcpState.SYN_SENT, TcpState.SYN_RECV,
        TcpState.ESTABLISHED, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT,
        TcpState.LAST_ACK, TcpState.CLOSING, TcpState.CLOSE};
    /** Centres of the boxes above: active close on the left, passive close on the right. */
    private static final int[][] DIAGRAM_AT = {{380, 30}, {180, 100}, {580, 100}, {380, 170}, {180, 240},
        {180, 310}, {180, 390}, {580, 240}, {580, 310}, {380, 310}, {580, 390}};

    private static void stack(StringBuilder h, String title, List<StackTraceElement> frames, FrameFilter filter) {
        h.append("<details open><summary>").append(esc(title)).append("</summary><pre>");
        if (frames.isEmpty()) {
            h.append("(not sampled)");
        }
        int app = filter.firstApplicationFrame(frames);
        int from = Math.max(0, app - 1);
        if (from > 0) {
            h.append("    ... ").append(from).append(" JDK/library frame(s)\n");
        }
        int to = Math.min(frames.size(), Math.max(app, 0) + FRAMES_SHOWN);
        for (int i = from; i < to; i++) {
            String line = (i == app ? "--> at " : "    at ") + Frames.format(frames.get(i));
            h.append(i == app ? "<b>" + esc(line) + "</b>" : esc(line)).append('\n');
        }
        if (to < frames.size()) {
            h.append("    ... ").append(frames.size() - to).append(" more\n");
        }
        h.append("</pre></details>\n");
    }

    private static void li(StringBuilder h, String text) {
        h.append("<li>").append(esc(text)).append("</li>\n");
    }

    private static String states(Map<TcpState, Integer> states) {
        if (states.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        states.forEach((s, n) -> parts.add(s + " " + n));
        return String.join(", ", parts);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clock(long millis) {
        return UtcTime.of(millis).substring(11, 19) + "Z";
    }

    /** Markup-escaped, and {@link Printable}: the page is text in a terminal too ({@code cat}, {@code less}). */
    static String esc(String raw) {
        String s = Printable.text(raw);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = "body{font:14px/1.4 sans-serif;margin:24px;max-width:980px;color:#222}"
            + "h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}h3{font-size:15px}"
            + "code,pre{font:12px/1.35 monospace}pre{background:#f6f6f6;padding:8px;overflow-x:auto}"
            + ".when,.caption{color:#666}figure.chart{margin:12px 0 24px}figcaption{font-weight:bold}"
            + "svg text{font:11px sans-serif;fill:#444}.axis{stroke:#999}.edge{stroke:#555}"
            + ".legend{list-style:none;padding:0}.legend li{margin:2px 0}"
            + ".swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}"
            + ".state rect{fill:#fff;stroke:#888}.busy rect{fill:#e8f1fb;stroke:#1f77b4}"
            + ".hot rect{fill:#fde8e8;stroke:#d62728;stroke-width:2}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
            + "tr.warn td{background:#fde8e8}.group{margin-bottom:18px}";
}
