package io.sockwatch.agent;

import io.sockwatch.agent.export.LeakEvents;
import io.sockwatch.agent.log.Log;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.HistorySample;
import io.sockwatch.agent.render.HtmlReport;
import io.sockwatch.agent.render.JsonReport;
import io.sockwatch.agent.report.LeakGroup;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.ReclaimedGroup;
import io.sockwatch.agent.render.ReportFiles;
import io.sockwatch.agent.report.SocketSnapshot;
import io.sockwatch.agent.render.TextReport;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends each scan's report where the options say: the JSON file every scan; the text report to stderr at exit
 * (with a line for each new leak site meanwhile), or to a file every scan; JFR events for new leaks.
 * Each problem it meets is logged once, never once per scan. Used by the scanner and exit threads only.
 */
final class ReportPublisher {

    /** What the last report held: leaked sockets (site and inode) and reclaimed groups (stack and count). */
    private Set<Object> reportedLeaks = new HashSet<>();
    /** Per allocation stack, as reclaimed groups are: several stacks can share a site. */
    private final Map<List<StackTraceElement>, Long> reclaimedReported = new HashMap<>();
    /** The leaked leases of the last report (borrow site and inode), each announced once. */
    private Set<Object> announcedLeases = new HashSet<>();
    private final Set<String> failingWrites = new HashSet<>();
    private String lastKernelProblem;
    /** The exit report is the last word: a scan still running during shutdown must not overwrite its files. */
    private boolean exitPublished;

    /** Whether the reports the options write every scan list every socket (JSON, HTML, a text report file). */
    static boolean listsEverySocket(AgentOptions options) {
        return options.json() != null || options.html() != null
                || !"stderr".equals(options.report()) && !"off".equals(options.report());
    }

    synchronized void publish(LeakReport report, List<HistorySample> history, AgentOptions options, boolean atExit) {
        if (exitPublished) {
            return;
        }
        exitPublished = atExit;
        noteKernelProblem(report.kernelProblem);
        if (options.json() != null) {
            write(options.json(), "json", JsonReport.render(report));
        }
        if (options.html() != null) {
            write(options.html(), "html", HtmlReport.render(report, history, new FrameFilter(options.skip())));
        }
        Set<Object> before = reportedLeaks;
        boolean news = emitNewLeakEvents(report);
        String destination = options.report();
        if ("off".equals(destination)) {
            return;
        }
        if (!"stderr".equals(destination)) {
            write(Paths.get(destination), "report", TextReport.render(report, new FrameFilter(options.skip())));
        } else if (atExit && (!report.leaks.isEmpty() || !report.leased.leaked.isEmpty() || !report.reclaimed.isEmpty())) {
            System.err.print(TextReport.render(report, new FrameFilter(options.skip())));
        } else if (atExit) {
            logNoLeaks(report.trackedCount(), report.internalErrors, report.lastInternalError);
        } else if (news) {
            announce(report, before);
        }
        if ("stderr".equals(destination) && !atExit) {
            announceLeases(report);
        }
    }

    /**
     * The exit report of a JVM that holds no tracked socket and lost none to the GC, when no report file is written:
     * there is nothing a scan could find, so none runs (at exit, with the report's ~80 classes to load, it made
     * the JVM's exit ~40 ms slower).
     */
    synchronized void publishNothingOpenAtExit(AgentOptions options, InternalErrors errors) {
        if (exitPublished) {
            return;
        }
        exitPublished = true;
        if ("stderr".equals(options.report())) {
            logNoLeaks(0, errors.count(), errors.last());
        }
    }

    private static void logNoLeaks(long tracked, long internalErrors, String lastInternalError) {
        Log.info("no leaks; {} socket(s) still open and tracked{}", tracked,
                internalErrors == 0 ? "" : "; sockwatch internal errors: " + internalErrors + ", last: "
                        + lastInternalError);
    }

    /** As {@link #announce}, for connections leased from a pool and never returned: a line per borrow site with new ones. */
    private void announceLeases(LeakReport report) {
        Set<Object> leased = new HashSet<>();
        for (LeakGroup g : report.leased.leaked) {
            boolean anyNew = false;
            for (SocketSnapshot s : g.sockets) {
                String key = g.site + "#" + s.inode;
                leased.add(key);
                anyNew |= !announcedLeases.contains(key);
            }
            if (anyNew) {
                Log.warn("LEASED, NEVER RETURNED: {} connection(s) borrowed at {} from {}; the full report comes at "
                        + "exit, or now with: java -jar sockwatch-agent.jar report {}", g.sockets.size(), g.site,
                        g.oldest().lease.pool, report.pid);
            }
        }
        announcedLeases = leased;
    }

    /**
     * A line per leak site that has sockets not reported before; the whole report comes at exit or from the CLI.
     * An application's log gets one line when a leak appears, not a hundred at every new socket.
     */
    private static void announce(LeakReport report, Set<Object> before) {
        for (LeakGroup g : report.leaks) {
            if (g.sockets.stream().anyMatch(s -> !before.contains(s.site + "#" + s.inode))) {
                Log.warn("LEAK: {} socket(s) {} opened at {}; the full report comes at exit, or now with: "
                        + "java -jar sockwatch-agent.jar report {}", g.sockets.size(),
                        g.stalled ? "with unread data, nobody reading," : "in CLOSE_WAIT", g.site, report.pid);
            }
        }
    }

    /** Emits JFR events for leaks and reclaimed sockets not seen before; true if there were any. */
    private boolean emitNewLeakEvents(LeakReport report) {
        Set<Object> leaks = new HashSet<>();
        for (LeakGroup g : report.leaks) {
            for (SocketSnapshot s : g.sockets) {
                String key = s.site + "#" + s.inode;
                leaks.add(key);
                if (!reportedLeaks.contains(key)) {
                    LeakEvents.leakFound(s, report.generatedAtMillis - s.stateSinceMillis);
                }
            }
        }
        for (ReclaimedGroup g : report.reclaimed) {
            leaks.add(Arrays.asList(g.allocation, g.count));
            long before = reclaimedReported.getOrDefault(g.allocation, 0L);
            if (g.count > before) {
                LeakEvents.reclaimed(g, g.count - before);
                reclaimedReported.put(g.allocation, g.count);
            }
        }
        boolean news = !reportedLeaks.containsAll(leaks);
        reportedLeaks = leaks;
        return news;
    }

    /** Writes a report file; a failure is logged when writing starts failing, not once per scan. */
    private void write(Path path, String option, String content) {
        try {
            ReportFiles.writeAtomically(path, content);
            failingWrites.remove(option);
        } catch (IOException | RuntimeException e) {
            if (failingWrites.add(option)) {
                Log.warn("cannot write {}={} ({}); will retry after every scan", option, path, String.valueOf(e));
            }
        }
    }

    private void noteKernelProblem(String problem) {
        if (problem != null && !problem.equals(lastKernelProblem)) {
            Log.warn("{}; open/close tracking and GC leak detection still work", problem);
        }
        lastKernelProblem = problem;
    }
}
