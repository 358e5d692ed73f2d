package io.sockwatch.bench;

import io.sockwatch.bench.Bench.HeapLevel;
import io.sockwatch.bench.Bench.Jdk;
import io.sockwatch.bench.Bench.Paired;
import io.sockwatch.bench.Bench.Results;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders the results as the markdown that docs/benchmarks.md pastes. */
final class Report {
    static final double CHURN_LIMIT = 1.05;
    static final double CHURN_AIM = 1.03;
    static final double KEEPALIVE_LIMIT = 1.01;
    static final double HEAP_LIMIT = 200;
    /** Our reading of "scans never block application threads": see docs/benchmarks.md. */
    static final double LATENCY_P99_LIMIT = 1.10;
    /** Issue 15: over no agent, for a JVM that opens one connection. */
    static final double STARTUP_WALL_MS = 150;
    static final double STARTUP_CPU_MS = 300;
    static final double STARTUP_RSS_MIB = 15;
    /** Issue 15, attach: first report, RSS in the target, p99 of any second against the same second without attach. */
    static final double ATTACH_REPORT_MS = 1000;
    static final double ATTACH_RSS_MIB = 15;
    static final double ATTACH_P99_RATIO = 2;
    /** Issue 15, scan at scale. */
    static final double SCAN_MS = 50;
    static final double SCAN_KB = 1024;
    static final double JSON_BYTES_PER_SOCKET = 300;

    private Report() {
    }

    static String render(Bench.Mode mode, Path agentJar, Path baselineJar, Path fileLeakDetectorJar, int fdLimit,
                         Map<Jdk, Results> all, double minutes, Set<String> only, String namespace, String pinCpu) {
        StringBuilder md = new StringBuilder();
        List<Jdk> jdks = new ArrayList<>(all.keySet());
        md.append("### ").append(Character.toUpperCase(mode.name.charAt(0)) + mode.name.substring(1)).append(" run, ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append("\n\n");
        md.append("- agent: `").append(agentJar.getFileName()).append("` (").append(Env.describeJar(agentJar))
                .append("), repository at ").append(Env.gitHead(agentJar)).append('\n');
        if (baselineJar != null) {
            md.append("- start-up also measured, in the same rounds, with the previous jar `").append(baselineJar)
                    .append("` (").append(Env.describeJar(baselineJar)).append(")\n");
        }
        if (fileLeakDetectorJar != null) {
            md.append("- start-up also measured, in the same rounds, with file-leak-detector `")
                    .append(fileLeakDetectorJar).append("` (").append(Env.describeJar(fileLeakDetectorJar)).append(")\n");
        }
        md.append("- run time: ").append(String.format(Locale.ROOT, "%.1f min", minutes)).append(" for ")
                .append(String.join(", ", only)).append('\n');
        md.append("- rounds: ").append(mode.describe()).append('\n');
        md.append("- heap: `").append(String.join(" ", Bench.HEAP_FLAGS)).append("`; churn children `")
                .append(String.join(" ", Bench.CHURN_FLAGS)).append("` (a young JVM's first touch of each heap page is "
                        + "a page fault that a long-running one no longer pays)\n");
        md.append("- network namespace: ").append(namespace).append('\n');
        md.append("- CPU pinning: ").append(pinCpu == null ? "none" : "keep-alive and latency children (both threads of "
                + "the ping-pong, agent or not) run on CPU " + pinCpu + " (`taskset`); churn's one measuring thread too "
                + "(`taskset -p`), the rest of a churn child (JIT, GC, the agent's threads) on any CPU; heap, scan unpinned")
                .append("\n\n");

        md.append("#### Machine\n\n");
        md.append("| nproc | CPU | kernel | memory | open files (soft/hard) | ephemeral ports | tcp_tw_reuse |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        md.append("| ").append(Env.processors()).append(" | ").append(Env.cpuModel()).append(" | ")
                .append(Env.kernel()).append(" | ").append(Env.memory()).append(" | ").append(fdLimit).append(" / ")
                .append(Env.hardOpenFileLimit()).append(" | ")
                .append(Env.sysctl("/proc/sys/net/ipv4/ip_local_port_range")).append(" | ")
                .append(Env.sysctl("/proc/sys/net/ipv4/tcp_tw_reuse")).append(" |\n\n");
        md.append("| JDK | version | runtime |\n|---|---|---|\n");
        for (Jdk j : jdks) {
            md.append("| ").append(j.label).append(" | ").append(j.version).append(" | ")
                    .append(Env.javaVendorLine(j.home)).append(" |\n");
        }
        md.append('\n');

        headline(md, all, jdks);
        timing(md, all, jdks);
        latency(md, all, jdks);
        heap(md, all, jdks);
        scan(md, all, jdks);
        startup(md, all, jdks);

        for (Jdk j : jdks) {
            for (String e : all.get(j).errors) {
                md.append("- **error** on ").append(j.label).append(": ")
                        .append(e.replace('\n', ' '), 0, Math.min(600, e.length())).append('\n');
            }
        }
        return md.toString();
    }

    // -------------------------------------------------------------------------------------------- headline

    private static void headline(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        md.append("#### Headline: agent vs no agent (median of per-round ratios)\n\n");
        md.append("| Measure | Target |");
        jdks.forEach(j -> md.append(' ').append(j.label).append(" |"));
        md.append("\n|---|---|");
        jdks.forEach(j -> md.append("---|"));
        md.append('\n');
        row(md, "(a) churn: connect + accept + close, `Socket`", "≤ 1.05× (aim 1.03×)", jdks,
                j -> ratioCell(all.get(j).timing.get("churn-socket"), CHURN_LIMIT, CHURN_AIM)
                        + comparedRatio(all.get(j).timing.get("churn-socket-file-leak-detector")));
        row(md, "(a) churn: connect + accept + close, `SocketChannel`", "≤ 1.05× (aim 1.03×)", jdks,
                j -> ratioCell(all.get(j).timing.get("churn-channel"), CHURN_LIMIT, CHURN_AIM)
                        + comparedRatio(all.get(j).timing.get("churn-channel-file-leak-detector")));
        hookShareRows(md, all, jdks, "(a) churn", "the churn thread", "hookshare-");
        row(md, "(b) keep-alive 64 B round trip, `Socket` streams", "≤ 1.01×", jdks,
                j -> ratioCell(all.get(j).timing.get("keepalive-socket"), KEEPALIVE_LIMIT, 0));
        row(md, "(b) keep-alive 64 B round trip, `SocketChannel`", "≤ 1.01×", jdks,
                j -> ratioCell(all.get(j).timing.get("keepalive-channel"), KEEPALIVE_LIMIT, 0));
        hookShareRows(md, all, jdks, "(b) keep-alive", "the two threads", "hookshare-keepalive-");
        int levels = all.values().stream().mapToInt(r -> r.heap.size()).max().orElse(0);
        for (int i = 0; i < levels; i++) {
            final int level = i;
            String size = all.values().stream().filter(r -> r.heap.size() > level)
                    .map(r -> String.format(Locale.ROOT, "%,d", r.heap.get(level).sockets)).findFirst().orElse("?");
            row(md, "(c) agent heap per long-lived socket, " + size + " sockets, 3 sites (with what the agent builds "
                    + "at its first sockets: its scanner)", "report only", jdks, j -> {
                List<HeapLevel> h = all.get(j).heap;
                if (h.size() <= level || h.get(level).perSocket.isEmpty()) {
                    return "n/a";
                }
                return String.format(Locale.ROOT, "%.0f B", Stats.median(h.get(level).perSocket));
            });
        }
        row(md, "(c) agent heap per long-lived socket: growth from the smallest to the largest level ÷ the sockets "
                + "added", "≤ 200 B", jdks, j -> {
            List<HeapLevel> h = all.get(j).heap;
            if (h.size() < 2 || h.get(0).perSocket.isEmpty() || h.get(h.size() - 1).perSocket.isEmpty()) {
                return "n/a";
            }
            double b = h.get(h.size() - 1).marginalPerSocketSince(h.get(0));
            return String.format(Locale.ROOT, "%.0f B %s", b, b <= HEAP_LIMIT ? "PASS" : "**FAIL**");
        });
        row(md, "scans never block app threads: lock waits (contended monitor or park) of the ping-pong threads, "
                + "agent scanning 10k sockets every 100 ms (`Socket` / `SocketChannel`)", "0, as without agent", jdks,
                j -> lockWaitCell(all.get(j)));
        row(md, "scans never block app threads: stop-the-world GC time added by scan garbage, same runs",
                "0 ms/s more than without agent", jdks, j -> gcCell(all.get(j)));
        row(md, "ping-pong p99 while scanning, same runs", "≤ 1.10× (our bar)", jdks, j -> p99Cell(all.get(j)));
        row(md, "ping-pong tail while scanning: p99.9 and max, agent vs no agent", "report only", jdks,
                j -> tailCell(all.get(j)));
        row(md, "(e) start-up, `java Hello` opening one connection: wall time", "≤ +150 ms", jdks,
                j -> startupCell(all.get(j), "startup", STARTUP_WALL_MS, "ms"));
        row(md, "(e) start-up: CPU time of the whole process (user + system)", "≤ +300 ms", jdks,
                j -> startupCell(all.get(j), "startup-cpu", STARTUP_CPU_MS, "ms"));
        row(md, "(e) start-up: peak RSS", "≤ +15 MiB", jdks,
                j -> startupCell(all.get(j), "startup-rss", STARTUP_RSS_MIB, "MiB"));
        row(md, "(e) attach → first report", "report only", jdks, j -> attachCell(all.get(j)));
        row(md, "scan at scale: one periodic scan, 100k TIME_WAIT rows in the namespace, 10k tracked sockets",
                "≤ 50 ms", jdks, j -> scaleCell(all.get(j).scale, "scanner_ms", SCAN_MS, "%.0f ms"));
        row(md, "scan at scale: garbage per scan (scanner thread's allocated bytes)", "≤ 1 MB", jdks,
                j -> scaleCell(all.get(j).scale, "scanner_alloc_kb", SCAN_KB, "%.0f KB"));
        row(md, "scan at scale, same run with the /proc reader (Java 22+ reads netlink): one scan", "≤ 50 ms", jdks,
                j -> scaleCell(all.get(j).scaleProc, "scanner_ms", SCAN_MS, "%.0f ms"));
        row(md, "scan at scale, same run with the /proc reader: garbage per scan", "≤ 1 MB", jdks,
                j -> scaleCell(all.get(j).scaleProc, "scanner_alloc_kb", SCAN_KB, "%.0f KB"));
        row(md, "scan at scale: JSON report per tracked socket", "≤ 300 B", jdks, j -> {
            List<Map<String, String>> s = all.get(j).scale;
            if (s.isEmpty() || Double.isNaN(num(s.get(0), "json_bytes"))) {
                return "n/a";
            }
            double b = num(s.get(0), "json_bytes") / num(s.get(0), "own_sockets");
            return String.format(Locale.ROOT, "%.0f B %s", b, b <= JSON_BYTES_PER_SOCKET ? "PASS" : "**FAIL**");
        });
        row(md, "attach as the host feels it: `attach --json` start → first report printed", "≤ 1,000 ms", jdks,
                j -> hiccupCell(all.get(j).hiccup, h -> h.reportMs, ATTACH_REPORT_MS, "%.0f ms"));
        row(md, "attach: target RSS growth (vs the same seconds without attach)", "≤ +15 MiB", jdks,
                j -> hiccupCell(all.get(j).hiccup, h -> h.rssDelta, ATTACH_RSS_MIB, "%+.1f MiB"));
        row(md, "attach: worst second's p99 while attaching, ÷ p99 without attach (64 B round trips, one CPU)", "≤ 2×",
                jdks, j -> hiccupCell(all.get(j).hiccup, h -> h.worstP99Ratio, ATTACH_P99_RATIO, "%.2f×"));
        row(md, "attach: RedefineClasses safepoints (`-Xlog:safepoint` of the target)", "1", jdks,
                j -> hiccupCell(all.get(j).hiccup, h -> h.redefineSafepoints, 1, "%.0f"));
        row(md, "attach: longest round trip from the attach to its first report (one CPU)", "≤ 10 ms", jdks,
                j -> hiccupCell(all.get(j).hiccup, h -> h.stallDuring / 1000, 10, "%.1f ms"));
        row(md, "attach: longest round trip while attaching − longest in the whole run without attach", "≤ 0 ms",
                jdks, j -> hiccupCell(all.get(j).hiccup, h -> (h.stallDuring - h.stallWithout) / 1000, 0, "%+.1f ms"));
        row(md, "attach: lasting cost on the socket opened before it (throughput after ÷ before, vs without attach)",
                "≤ 1.03× slower", jdks, j -> hiccupCell(all.get(j).hiccup, h -> h.lastingSlowdown, 1.03, "%.3f×"));
        row(md, "the floor: an empty Java agent loaded (`jcmd JVMTI.agent_load`) at the same second, worst second's p99"
                + " ÷ p99 without attach", "≤ 2×", jdks,
                j -> hiccupCell(all.get(j).hiccupEmptyAgent, h -> h.worstP99Ratio, ATTACH_P99_RATIO, "%.2f×"));
        row(md, "the floor: an empty Java agent, longest round trip from the load to jcmd's exit", "≤ 10 ms", jdks,
                j -> hiccupCell(all.get(j).hiccupEmptyAgent, h -> h.stallDuring / 1000, 10, "%.1f ms"));
        row(md, "the floor of an agent that instruments sockets: one that only retransforms `NioSocketImpl` unchanged,"
                + " worst second's p99 ÷ p99 without attach", "≤ 2×", jdks,
                j -> hiccupCell(all.get(j).hiccupRetransformOnly, h -> h.worstP99Ratio, ATTACH_P99_RATIO, "%.2f×"));
        row(md, "the same agent, longest round trip from the load to jcmd's exit", "≤ 10 ms", jdks,
                j -> hiccupCell(all.get(j).hiccupRetransformOnly, h -> h.stallDuring / 1000, 10, "%.1f ms"));
        row(md, "calibration: an agent that only burns " + Bench.HICCUP_SPIN_MS + " ms of CPU on the attach listener,"
                + " worst second's p99 ÷ p99 without attach", "≤ 2×", jdks,
                j -> hiccupCell(all.get(j).hiccupSpin, h -> h.worstP99Ratio, ATTACH_P99_RATIO, "%.2f×"));
        row(md, "CPU an attach takes from the one-CPU target (all threads but the application's, from the attach to "
                + Bench.HICCUP_CPU_TAIL_MS + " ms after the CLI's or jcmd's exit; attach listener / JIT compilers)",
                "report only", jdks, j -> attachCpuCell(all.get(j)));
        md.append('\n');
    }

    /** Median of the per-round differences agent − no agent, against {@code limit}. */
    /**
     * {@link #deltaCell} of the figure, then the previous jar's and file-leak-detector's from the same rounds, where
     * they ran.
     */
    private static String startupCell(Results r, String figure, double limit, String unit) {
        return deltaCell(r.timing.get(figure), limit, unit)
                + comparedDelta(r.timing.get(figure + "-baseline"), "previous jar", unit)
                + comparedDelta(r.timing.get(figure + "-file-leak-detector"), "file-leak-detector", unit);
    }

    private static String comparedDelta(Paired p, String label, String unit) {
        return p == null || p.none.isEmpty() ? "" : String.format(Locale.ROOT, "; %s " + ("MiB".equals(unit) ? "%+.1f"
                : "%+.0f") + " %s", label, medianDelta(p), unit);
    }

    private static String deltaCell(Paired p, double limit, String unit) {
        if (p == null || p.none.isEmpty()) {
            return "n/a";
        }
        double d = medianDelta(p);
        String delta = "MiB".equals(unit) ? "%+.1f" : "%+.0f"; // a MiB over the limit must show
        return String.format(Locale.ROOT, delta + " %s (%.0f → %.0f) %s", d, unit, Stats.median(p.none),
                Stats.median(p.agent), d <= limit ? "PASS" : "**FAIL**");
    }

    /** The median of the per-round differences, agent minus none. */
    private static double medianDelta(Paired p) {
        List<Double> deltas = new ArrayList<>();
        for (int i = 0; i < p.none.size(); i++) {
            deltas.add(p.agent.get(i) - p.none.get(i));
        }
        return Stats.median(deltas);
    }

    private static String hiccupCell(List<List<Map<String, String>>> rounds, Function<Hiccup, Double> figure,
                                     double limit, String format) {
        if (rounds.isEmpty()) {
            return "n/a";
        }
        List<Double> values = rounds.stream().map(pair -> figure.apply(new Hiccup(pair.get(0), pair.get(1))))
                .collect(Collectors.toList());
        double v = Stats.median(values);
        return String.format(Locale.ROOT, format, v) + (v <= limit ? " PASS" : " **FAIL**")
                + (values.size() > 1 ? " (rounds: " + values.stream().map(d -> String.format(Locale.ROOT, format, d))
                .collect(Collectors.joining(", ")) + ")" : "");
    }

    /** One attach-benchmark round: the run without attach and the run with it, second by second. */
    static final class Hiccup {
        final double reportMs;
        final double rssDelta;
        final double worstP99Ratio;
        final double stallDuring;
        final double stallWithout;
        final double lastingSlowdown;
        final double redefineSafepoints;

        Hiccup(Map<String, String> none, Map<String, String> with) {
            double[] opsNone = series(none, "ops");
            double[] opsWith = series(with, "ops");
            double[] p99None = series(none, "p99_us");
            double[] p99With = series(with, "p99_us");
            double[] rssNone = series(none, "rss_mib");
            double[] rssWith = series(with, "rss_mib");
            int last = opsWith.length - 1;
            int before = Bench.HICCUP_ATTACH_AT_S - 1;
            reportMs = num(with, "report_cli_ms");
            redefineSafepoints = num(with, "redefine_safepoints");
            double at = num(with, "attach_at_s");
            int from = (int) Math.floor(at);
            int to = Math.min(last, (int) Math.ceil(at + reportMs / 1000));
            double baseP99 = Stats.median(p99None);
            double worst = 0;
            double stall = 0;
            double[] maxWith = series(with, "max_us");
            for (int s = from; s <= to; s++) {
                worst = Math.max(worst, p99With[s] / baseP99);
                stall = Math.max(stall, maxWith[s]);
            }
            worstP99Ratio = worst;
            stallDuring = stall;
            stallWithout = Arrays.stream(series(none, "max_us")).max().orElse(Double.NaN);
            rssDelta = (rssWith[last] - rssWith[before]) - (rssNone[last] - rssNone[before]);
            // the first and last four seconds: before the attach, and after it settled
            double withRatio = mean(opsWith, 0, 4) / mean(opsWith, last - 3, last + 1);
            double noneRatio = mean(opsNone, 0, 4) / mean(opsNone, last - 3, last + 1);
            lastingSlowdown = withRatio / noneRatio;
        }

        private static double[] series(Map<String, String> m, String key) {
            return Arrays.stream(m.get(key).split(",")).mapToDouble(Double::parseDouble).toArray();
        }

        private static double mean(double[] v, int from, int to) {
            return Arrays.stream(v, from, to).average().orElse(Double.NaN);
        }
    }

    private static String scaleCell(List<Map<String, String>> scale, String key, double limit, String format) {
        if (scale.isEmpty() || Double.isNaN(num(scale.get(0), key))) {
            return "n/a";
        }
        Map<String, String> s = scale.get(0);
        double v = num(s, key);
        return String.format(Locale.ROOT, format, v) + (v <= limit ? " PASS" : " **FAIL**")
                + String.format(Locale.ROOT, " (%,.0f rows, CPU %s ms, %s scans sampled, %s reader)",
                num(s, "namespace_rows"), s.get("scanner_cpu_ms"), s.get("scanner_scans"), s.get("kernel_reader"));
    }

    private static String attachCell(Results r) {
        if (r.attach.isEmpty()) {
            return r.attachCli == null ? "n/a" : r.attachCli.startsWith("pending") ? "pending (no attach CLI)" : "n/a";
        }
        if (r.attach.get(0).containsKey("attach_cli_ms")) {
            return String.format(Locale.ROOT, "`attach` %.0f ms; `report` done %.0f ms after attach started; "
                            + "first periodic report %.0f ms (interval=1s)", medianOf(r.attach, "attach_cli_ms"),
                    medianOf(r.attach, "report_cli_ms"), medianOf(r.attach, "first_report_ms"));
        }
        return String.format(Locale.ROOT, "CLI pending; Attach API: loaded in %.0f ms, first periodic report %.0f ms "
                        + "(interval=1s)", medianOf(r.attach, "attach_ms") + medianOf(r.attach, "load_ms"),
                medianOf(r.attach, "first_report_ms"));
    }

    private static void row(StringBuilder md, String measure, String target, List<Jdk> jdks,
                            Function<Jdk, String> cell) {
        md.append("| ").append(measure).append(" | ").append(target).append(" |");
        for (Jdk j : jdks) {
            String c;
            try {
                c = cell.apply(j);
            } catch (RuntimeException e) {
                c = "n/a";
            }
            md.append(' ').append(c).append(" |");
        }
        md.append('\n');
    }

    /**
     * The median ratio with its 95 % interval; the verdict only where the interval is on one side of the limit: a
     * median inside the noise of too few rounds is "unresolved", not a pass or a failure.
     */
    /** file-leak-detector's median ratio from the same rounds, where it ran. */
    private static String comparedRatio(Paired p) {
        return p == null || p.ratios.isEmpty() ? "" : String.format(Locale.ROOT, "; file-leak-detector %.3f×",
                Stats.median(p.ratios));
    }

    /** The hooks' share of {@code measure} for both socket kinds, from the workloads named {@code prefix} + kind. */
    private static void hookShareRows(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks, String measure,
                                      String threads, String prefix) {
        for (String kind : new String[] {"Socket", "SocketChannel"}) {
            String name = prefix + (kind.equals("Socket") ? "socket" : "channel");
            row(md, measure + ", `" + kind + "`: the hooks' work on " + threads + " alone (hooks installed vs not, "
                    + "alternating batches in one JVM)", "report only", jdks, j -> shareCell(all.get(j).timing.get(name)));
        }
    }

    private static String shareCell(Paired p) {
        if (p == null || p.ratios.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f× (children %s)", Stats.median(p.ratios), p.ratios.stream()
                .map(x -> String.format(Locale.ROOT, "%.3f", x)).collect(Collectors.joining(", ")));
    }

    private static String ratioCell(Paired p, double limit, double aim) {
        if (p == null || p.ratios.isEmpty()) {
            return "n/a";
        }
        double r = Stats.median(p.ratios);
        double[] interval = Stats.medianInterval(p.ratios, 0.95);
        if (interval == null) {
            return String.format(Locale.ROOT, "%.3f× (%d rounds: too few for an interval) unresolved", r,
                    p.ratios.size());
        }
        String verdict = interval[1] <= limit ? (aim > 0 && interval[1] <= aim ? "PASS (aim met)" : "PASS")
                : interval[0] > limit ? "**FAIL**" : "unresolved";
        return String.format(Locale.ROOT, "%.3f× (95 %% CI %.3f-%.3f, %d rounds) %s", r, interval[0], interval[1],
                p.ratios.size(), verdict);
    }

    private static String lockWaitCell(Results r) {
        if (r.latency.isEmpty()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        boolean pass = true;
        for (Bench.Latency l : r.latency.values()) {
            double with = maxOf(l.agent, "lock_waits");
            double none = maxOf(l.none, "lock_waits");
            pass &= with <= none;
            parts.add(String.format(Locale.ROOT, "%.0f", with));
        }
        return String.join(" / ", parts) + (pass ? " PASS" : " **FAIL**");
    }

    private static String gcCell(Results r) {
        if (r.latency.isEmpty()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        boolean pass = true;
        for (Bench.Latency l : r.latency.values()) {
            double with = medianOf(l.agent, "gc_ms") / medianOf(l.agent, "seconds");
            double none = medianOf(l.none, "gc_ms") / medianOf(l.none, "seconds");
            pass &= with <= none;
            parts.add(String.format(Locale.ROOT, "%+.1f", with - none));
        }
        return String.join(" / ", parts) + " ms/s" + (pass ? " PASS" : " **FAIL**");
    }

    private static String p99Cell(Results r) {
        if (r.latency.isEmpty()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        boolean pass = true;
        for (Bench.Latency l : r.latency.values()) {
            List<Double> p99 = new ArrayList<>();
            for (int i = 0; i < l.agent.size(); i++) {
                p99.add(num(l.agent.get(i), "p99_us") / num(l.none.get(i), "p99_us"));
            }
            double ratio = Stats.median(p99);
            pass &= ratio <= LATENCY_P99_LIMIT;
            parts.add(String.format(Locale.ROOT, "%.2f×", ratio));
        }
        return String.join(" / ", parts) + (pass ? " PASS" : " **FAIL**");
    }

    private static String tailCell(Results r) {
        if (r.latency.isEmpty()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        for (Bench.Latency l : r.latency.values()) {
            parts.add(String.format(Locale.ROOT, "p99.9 %.0f vs %.0f µs, max %.1f vs %.1f ms",
                    medianOf(l.agent, "p999_us"), medianOf(l.none, "p999_us"), medianOf(l.agent, "max_us") / 1000,
                    medianOf(l.none, "max_us") / 1000));
        }
        return String.join(" / ", parts);
    }

    // ------------------------------------------------------------------------------------------- absolutes

    private static void timing(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        md.append("#### (a) churn and (b) keep-alive: µs per operation\n\n");
        md.append("Medians over rounds of each child's median batch. One churn op = connect + accept + close of both "
                + "ends; one keep-alive op = 64 B out and 64 B back on an open connection. The hookshare rows are "
                + "the same loops in a JVM with the agent, its hooks uninstalled (\"no agent\") and installed in "
                + "alternating batches.\n\n");
        md.append("| Benchmark | JDK | no agent µs/op | agent µs/op | Δ µs/op | ratio (median) | per-round ratios |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (String name : new String[] {"churn-socket", "churn-channel", "churn-socket-file-leak-detector",
                "churn-channel-file-leak-detector", "hookshare-socket", "hookshare-channel", "keepalive-socket",
                "keepalive-channel", "hookshare-keepalive-socket", "hookshare-keepalive-channel"}) {
            for (Jdk j : jdks) {
                Paired p = all.get(j).timing.get(name);
                if (p == null || p.ratios.isEmpty()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %+.2f | %.3f× | %s |\n", name, j.label,
                        Stats.median(p.none), Stats.median(p.agent), Stats.median(p.agent) - Stats.median(p.none),
                        Stats.median(p.ratios), p.ratios.stream().map(x -> String.format(Locale.ROOT, "%.3f", x))
                                .collect(Collectors.joining(" "))));
            }
        }
        md.append('\n');
    }

    private static void latency(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        if (all.values().stream().allMatch(r -> r.latency.isEmpty())) {
            return;
        }
        md.append("#### Scans vs application threads: ping-pong latency with 10k other open sockets\n\n");
        md.append("Agent at `interval=100ms`; medians over rounds. A stall is a round trip over 1 ms. Lock waits: times "
                + "the two ping-pong threads entered a contended monitor or parked (ThreadMXBean contention "
                + "monitoring; blocking socket I/O waits in native poll and counts as neither), so 0 unless "
                + "something makes them wait for another thread.\n\n");
        md.append("| JDK | ping-pong | run | p50 µs | p99 µs | p99.9 µs | max µs | stalls > 1 ms | round trips | GCs | "
                + "GC ms | lock waits (max) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Jdk j : jdks) {
            for (Map.Entry<String, Bench.Latency> e : all.get(j).latency.entrySet()) {
                String kind = e.getKey().equals("channel") ? "`SocketChannel`" : "`Socket`";
                latencyRow(md, j.label + " | " + kind, "no agent", e.getValue().none);
                latencyRow(md, j.label + " | " + kind, "agent", e.getValue().agent);
            }
        }
        md.append('\n');
    }

    private static void latencyRow(StringBuilder md, String jdk, String run, List<Map<String, String>> rounds) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n",
                jdk, run, medianOf(rounds, "p50_us"), medianOf(rounds, "p99_us"), medianOf(rounds, "p999_us"),
                medianOf(rounds, "max_us"), medianOf(rounds, "over1ms"), medianOf(rounds, "ops"),
                medianOf(rounds, "gc_count"), medianOf(rounds, "gc_ms"), maxOf(rounds, "lock_waits")));
    }

    private static void heap(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        if (all.values().stream().allMatch(r -> r.heap.isEmpty())) {
            return;
        }
        md.append("#### (c) agent heap per long-lived socket\n\n");
        md.append("Heap used after full GC, after minus before opening the sockets, agent minus no agent, divided by "
                + "the sockets the agent tracks (client and accepted ends plus 2 listeners). The agent child waits "
                + "3.5 scans (`interval=1s`) first, so every allocation stack is resolved and interned.\n\n");
        md.append("| JDK | tracked sockets | agent B/socket (median) | per round | no-agent growth B/socket | "
                + "agent heap before any socket (KiB) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Jdk j : jdks) {
            for (HeapLevel h : all.get(j).heap) {
                if (h.perSocket.isEmpty()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %s | %.0f | %.0f |\n", j.label, h.sockets,
                        Stats.median(h.perSocket), h.perSocket.stream()
                                .map(x -> String.format(Locale.ROOT, "%.0f", x)).collect(Collectors.joining(" ")),
                        Stats.median(h.noneDelta) / h.sockets, Stats.median(h.fixed) / 1024));
            }
        }
        md.append('\n');
        for (Jdk j : jdks) {
            List<HeapLevel> levels = all.get(j).heap;
            if (levels.isEmpty() || levels.get(0).histogramDelta.isEmpty()) {
                continue;
            }
            HeapLevel h = levels.get(0);
            md.append("Where the agent's bytes go, ").append(j.label).append(", ").append(String.format(Locale.ROOT,
                    "%,d", h.sockets)).append(" sockets (class histogram, agent minus no agent, first round):\n\n");
            md.append("| class | B/socket | instances/socket |\n|---|---|---|\n");
            h.histogramDelta.entrySet().stream()
                    .filter(e -> Math.abs(e.getValue()[0]) >= h.sockets / 2)
                    .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                    .limit(16)
                    .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.0f | %.2f |\n", e.getKey(),
                            (double) e.getValue()[0] / h.sockets, (double) e.getValue()[1] / h.sockets)));
            md.append('\n');
        }
    }

    private static void scan(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        if (all.values().stream().allMatch(r -> r.scan.isEmpty())) {
            return;
        }
        md.append("#### (d) scan time against sockets in the network namespace\n\n");
        md.append("The measuring JVM holds up to 10k sockets of its own, all tracked; helper JVMs without the "
                + "agent hold the rest of the namespace's sockets. Full scan: the agent's own scan, called from the "
                + "application through the MXBean's `jsonReport` (scan plus JSON; the application creates the platform MBean server, so sockwatch registers it); the "
                + "first one also resolves every allocation stack. The other columns time the /proc work alone with "
                + "the bench's own routine: reading the kernel tables (kernel time, grows with the namespace), parsing "
                + "them, and listing + readlink of this process's fds (grows with its own sockets).\n\n");
        md.append("| JDK | sockets in namespace (rows) | tracked by agent | first full scan ms | full scan ms (median) | "
                + "read tcp+tcp6 ms | parse ms | list+readlink fds ms |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Jdk j : jdks) {
            for (Map<String, String> s : all.get(j).scan) {
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %s | %s |\n", j.label,
                        (long) num(s, "namespace_rows"), (long) num(s, "own_sockets"), oneDecimal(s, "first_scan_ms"),
                        oneDecimal(s, "scan_ms"), oneDecimal(s, "read_ms"), oneDecimal(s, "parse_ms"),
                        oneDecimal(s, "readlink_ms")));
            }
        }
        String via = all.values().stream().flatMap(r -> r.scan.stream()).map(m -> m.get("scan_via"))
                .filter(v -> v != null).findFirst().orElse("none");
        md.append("\nFull scan timed through: ").append(via).append(".\n\n");
    }

    private static String oneDecimal(Map<String, String> m, String key) {
        double v = num(m, key);
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void startup(StringBuilder md, Map<Jdk, Results> all, List<Jdk> jdks) {
        boolean any = all.values().stream().anyMatch(r -> r.timing.containsKey("startup") || !r.attach.isEmpty());
        if (!any) {
            return;
        }
        md.append("#### (e) start-up and attach\n\n");
        md.append("| JDK | `java Hello` no agent ms | with `-javaagent` ms | Δ ms | ratio | attach CLI | "
                + "`attach` CLI ms | `attach --json` (attach and first report) ms | attach start → first periodic "
                + "report ms (`interval=1s`) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Jdk j : jdks) {
            Results r = all.get(j);
            Paired p = r.timing.get("startup");
            boolean up = p != null && !p.none.isEmpty();
            boolean cli = !r.attach.isEmpty() && r.attach.get(0).containsKey("attach_cli_ms");
            md.append(String.join(" | ", "| " + j.label,
                    up ? String.format(Locale.ROOT, "%.0f", Stats.median(p.none)) : "n/a",
                    up ? String.format(Locale.ROOT, "%.0f", Stats.median(p.agent)) : "n/a",
                    up ? String.format(Locale.ROOT, "%+.0f", Stats.median(p.agent) - Stats.median(p.none)) : "n/a",
                    up ? String.format(Locale.ROOT, "%.2f×", Stats.median(p.ratios)) : "n/a",
                    r.attachCli == null ? "n/a" : r.attachCli.startsWith("pending") ? "pending" : "present",
                    r.attach.isEmpty() ? "n/a" : cli ? ms(r.attach, "attach_cli_ms")
                            : ms(r.attach, "attach_ms") + " + " + ms(r.attach, "load_ms") + " (Attach API)",
                    cli ? ms(r.attach, "report_cli_ms") : "n/a",
                    r.attach.isEmpty() ? "n/a" : ms(r.attach, "first_report_ms"))).append(" |\n");
        }
        md.append('\n');
    }

    private static String ms(List<Map<String, String>> rounds, String key) {
        return String.format(Locale.ROOT, "%.0f", medianOf(rounds, key));
    }

    // ------------------------------------------------------------------------------------------------ util

    private static double num(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null || v.equals("NA") ? Double.NaN : Double.parseDouble(v);
    }

    private static double maxOf(List<Map<String, String>> rounds, String key) {
        return rounds.stream().mapToDouble(m -> num(m, key)).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    /** Medians over the rounds of each run's {@link Bench#attachCpu}: sockwatch, the floor agents, the spinning one. */
    private static String attachCpuCell(Results r) {
        if (r.hiccup.isEmpty()) {
            return "n/a";
        }
        return attachCpu("sockwatch", r.hiccup) + "; " + attachCpu("empty agent", r.hiccupEmptyAgent) + "; "
                + attachCpu("retransform only", r.hiccupRetransformOnly) + "; " + attachCpu("spin", r.hiccupSpin);
    }

    private static String attachCpu(String label, List<List<Map<String, String>>> rounds) {
        List<Map<String, String>> runs = rounds.stream().map(pair -> pair.get(1)).collect(Collectors.toList());
        return String.format(Locale.ROOT, "%s %.0f ms (%.0f / %.0f)", label,
                medianOf(runs, "attach_cpu_ms"), medianOf(runs, "attach_listener_cpu_ms"),
                medianOf(runs, "attach_jit_cpu_ms"));
    }

    private static double medianOf(List<Map<String, String>> rounds, String key) {
        return Stats.median(rounds.stream().map(m -> num(m, key)).filter(d -> !d.isNaN()).collect(Collectors.toList()));
    }
}
