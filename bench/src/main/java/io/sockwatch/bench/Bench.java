package io.sockwatch.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark runner: {@code Bench --mode quick|full|churn --agent <jar> --jdk <label>=<java home> ... [--out <file>]
 * [--only a,b,...] [--churn-rounds n] [--churn-loop socket|channel]}. Every measurement runs in fresh child JVMs
 * with identical flags, alternating no agent / agent round after round; a round's figure is agent / no-agent, and
 * the headline is the median of those per-round ratios. Prints markdown tables on stdout (and to {@code --out});
 * progress goes to stderr.
 */
public final class Bench {
    static final String AGENT_OPTIONS = "interval=5s,threshold=30s,report=off";
    static final List<String> HEAP_FLAGS = Arrays.asList("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");
    /**
     * Churn children touch their whole heap at start: a young JVM's eden lands on pages never touched, each first
     * touch a page fault (~13 µs on this VM), and the agent's extra allocation took +0.15 faults an op
     * (0.23 → 0.38), a cost a long-running JVM no longer pays (the children count them: Workloads.ThreadCounters).
     */
    static final List<String> CHURN_FLAGS = Arrays.asList("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
            "-XX:+AlwaysPreTouch");
    static final List<String> ALL = Arrays.asList("startup", "churn", "keepalive", "latency", "heap", "scan",
            "attach", "hiccup", "scale");

    private final Mode mode;
    private final Path agentJar;
    /** A previous agent jar whose start-up is measured in the same rounds (--baseline), or null. */
    private final Path baselineJar;
    /** file-leak-detector's agent jar, whose start-up is measured in the same rounds (--file-leak-detector), or null. */
    private final Path fileLeakDetectorJar;
    private final Path benchClasspath;
    private final List<Jdk> jdks;
    private final Set<String> only;
    /** The churn loops measured: {@code socket} and {@code channel}, or one of them (--churn-loop). */
    private final List<String> churnLoops;
    private final int fdLimit;
    private final long started = System.nanoTime();
    /** The CPU that keep-alive and latency children are pinned to (taskset), or null. */
    private String pinCpu;
    private final String netns;

    private Bench(Mode mode, Path agentJar, Path baselineJar, Path fileLeakDetectorJar, Path benchClasspath,
                  List<Jdk> jdks, Set<String> only, List<String> churnLoops, String netns) {
        this.netns = netns;
        this.churnLoops = churnLoops;
        this.baselineJar = baselineJar;
        this.fileLeakDetectorJar = fileLeakDetectorJar;
        this.mode = mode;
        this.agentJar = agentJar;
        this.benchClasspath = benchClasspath;
        this.jdks = jdks;
        this.only = only;
        this.fdLimit = Env.openFileLimit();
    }

    public static void main(String[] args) throws Exception {
        String modeName = "quick";
        String netns = "shared";
        String pin = "auto";
        int churnRounds = 0;
        List<String> churnLoops = Arrays.asList("socket", "channel");
        Path agent = null;
        Path out = null;
        Path baseline = null;
        Path fileLeakDetector = null;
        List<Jdk> jdks = new ArrayList<>();
        Set<String> only = new LinkedHashSet<>(ALL);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode":
                    modeName = args[++i];
                    break;
                case "--churn-rounds":
                    churnRounds = Integer.parseInt(args[++i]);
                    break;
                case "--churn-loop":
                    churnLoops = Collections.singletonList(args[++i]);
                    if (!churnLoops.get(0).matches("socket|channel")) {
                        throw new IllegalArgumentException("--churn-loop socket|channel (got " + churnLoops.get(0) + ")");
                    }
                    break;
                case "--agent":
                    agent = Paths.get(args[++i]).toAbsolutePath();
                    break;
                case "--baseline":
                    baseline = Paths.get(args[++i]).toAbsolutePath();
                    break;
                case "--file-leak-detector":
                    fileLeakDetector = Paths.get(args[++i]).toAbsolutePath();
                    break;
                case "--out":
                    out = Paths.get(args[++i]);
                    break;
                case "--jdk": {
                    String spec = args[++i];
                    int eq = spec.indexOf('=');
                    jdks.add(Jdk.of(spec.substring(0, eq), Paths.get(spec.substring(eq + 1))));
                    break;
                }
                case "--pin":
                    pin = args[++i];
                    break;
                case "--netns":
                    netns = args[++i];
                    break;
                case "--only":
                    only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    only.retainAll(ALL);
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("--agent <sockwatch-agent.jar> is required (got " + agent + ")");
        }
        if (jdks.isEmpty()) {
            jdks.add(Jdk.of("current", Paths.get(System.getProperty("java.home"))));
        }
        Path self = Paths.get(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (baseline != null && !Files.isRegularFile(baseline)) {
            throw new IllegalArgumentException("--baseline <previous sockwatch-agent.jar>: no file " + baseline);
        }
        if (fileLeakDetector != null && !Files.isRegularFile(fileLeakDetector)) {
            throw new IllegalArgumentException("--file-leak-detector <its agent jar>: no file " + fileLeakDetector);
        }
        Mode mode = churnRounds > 0 ? Mode.of(modeName).withChurnRounds(churnRounds) : Mode.of(modeName);
        Bench bench = new Bench(mode, agent, baseline, fileLeakDetector, self, jdks, only, churnLoops, netns);
        bench.pinCpu = pin.equals("none") ? null : pin.equals("auto") ? Env.lastCpuIfTaskset() : pin;
        String markdown = bench.runAll();
        System.out.println(markdown);
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.write(out, markdown.getBytes(StandardCharsets.UTF_8));
            log("wrote " + out.toAbsolutePath());
        }
    }

    private String runAll() {
        int rows = Env.tcpRows();
        String namespace = netns.equals("private") ? "private (`unshare -n`, loopback only), " + rows
                + " TCP rows at start" : "shared with the rest of the machine, " + rows + " TCP rows at start";
        log("network namespace " + namespace);
        log(pinCpu == null ? "no CPU pinning" : "keep-alive and latency children pinned to CPU " + pinCpu
                + ", churn's measuring thread too");
        log("mode " + mode.name + ", agent " + agentJar + ", open-file limit " + fdLimit + ", JDKs "
                + jdks.stream().map(j -> j.label + " (" + j.version + ")").collect(Collectors.joining(", ")));
        Map<Jdk, Results> all = new LinkedHashMap<>();
        for (Jdk jdk : jdks) {
            Results r = new Results();
            all.put(jdk, r);
            step(jdk, r, "startup", () -> startup(jdk, r));
            step(jdk, r, "churn", () -> {
                for (String loop : churnLoops) {
                    paired(jdk, r, "churn-" + loop, mode.churn, false);
                }
                for (String loop : churnLoops) {
                    hookShare(jdk, r, "hookshare-" + loop, mode.churn, false);
                }
            });
            step(jdk, r, "keepalive", () -> {
                paired(jdk, r, "keepalive-socket", mode.keepAlive, true);
                paired(jdk, r, "keepalive-channel", mode.keepAlive, true);
                hookShare(jdk, r, "hookshare-keepalive-socket", mode.keepAlive, true);
                hookShare(jdk, r, "hookshare-keepalive-channel", mode.keepAlive, true);
            });
            step(jdk, r, "latency", () -> latency(jdk, r));
            step(jdk, r, "heap", () -> heap(jdk, r));
            step(jdk, r, "scan", () -> scan(jdk, r));
            step(jdk, r, "attach", () -> attach(jdk, r));
            step(jdk, r, "hiccup", () -> hiccup(jdk, r));
        }
        // Last, for every JDK: its 100k TIME_WAIT rows stay in the namespace for 60 s and would weigh on any step
        // after it (a start-up's exit scan among them).
        for (Jdk jdk : jdks) {
            step(jdk, all.get(jdk), "scale", () -> scale(jdk, all.get(jdk)));
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        log(String.format(Locale.ROOT, "done in %.1f min", minutes));
        return Report.render(mode, agentJar, baselineJar, fileLeakDetectorJar, fdLimit, all, minutes, only, namespace,
                pinCpu);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(Jdk jdk, Results r, String name, Step step) {
        if (!only.contains(name)) {
            return;
        }
        long t0 = System.nanoTime();
        log(jdk.label + ": " + name + " ...");
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            r.errors.add(name + ": " + e.getMessage());
            log(jdk.label + ": " + name + " FAILED: " + e);
        }
        log(String.format(Locale.ROOT, "%s: %s done in %.0f s", jdk.label, name, (System.nanoTime() - t0) / 1e9));
    }

    // ------------------------------------------------------------------------------------------ benchmarks

    /** (a) and (b): µs per operation, no agent / agent (/ file-leak-detector) in rotating order, ratio per round. */
    private void paired(Jdk jdk, Results r, String workload, Mode.Timing t, boolean pinned) throws Exception {
        Paired p = new Paired();
        r.timing.put(workload, p);
        List<String> args = new ArrayList<>(Arrays.asList(workload, "warmup=" + t.warmup, "warmupMs=" + t.warmupMs,
                "batches=" + t.batches, "batch=" + t.batch));
        String cpu = pinned ? pinCpu : null;
        if (!pinned && pinCpu != null) {
            // the churn thread alone: unpinned it ran 36 or 51 µs an op by where it landed (Workloads.pinThisThread)
            args.add("pinThread=" + pinCpu);
        }
        List<String> flags = workload.startsWith("churn") ? CHURN_FLAGS : HEAP_FLAGS;
        // file-leak-detector tracks opens and closes, not reads and writes: it is compared where it applies, churn
        Paired other = null;
        List<String> otherFlags = new ArrayList<>(flags);
        if (fileLeakDetectorJar != null && workload.startsWith("churn")) {
            other = new Paired();
            r.timing.put(workload + "-file-leak-detector", other);
            otherFlags.add("-javaagent:" + fileLeakDetectorJar);
        }
        int arms = other == null ? 2 : 3; // no agent, sockwatch, file-leak-detector
        for (int round = 0; round < t.rounds; round++) {
            // which child runs first rotates: a drift of the machine within a round must not favour any
            double[] us = new double[arms];
            for (int k = 0; k < arms; k++) {
                int arm = (round + k) % arms;
                us[arm] = arm == 0 ? usPerOp(jdk, null, cpu, flags, args)
                        : arm == 1 ? usPerOp(jdk, AGENT_OPTIONS, cpu, flags, args)
                        : Double.parseDouble(child(jdk, null, cpu, otherFlags, Workloads.class, args, 300)
                                .get("us_per_op"));
            }
            p.add(us[0], us[1]);
            String compared = "";
            if (other != null) {
                other.add(us[0], us[2]);
                compared = String.format(Locale.ROOT, "; file-leak-detector %.2f us/op, ratio %.3f", us[2],
                        us[2] / us[0]);
            }
            log(String.format(Locale.ROOT, "  %s %s round %d: %.2f vs %.2f us/op, ratio %.3f%s", jdk.label, workload,
                    round + 1, us[0], us[1], us[1] / us[0], compared));
        }
    }

    /**
     * (a) and (b): the agent's work on the application threads alone: children with the agent, each running the loop
     * with the hooks installed and uninstalled in alternating batches (Workloads.hookShare); per child, hooked vs
     * unhooked µs per op. Pinned as the paired children of the same workload are.
     */
    private void hookShare(Jdk jdk, Results r, String workload, Mode.Timing t, boolean pinned) throws Exception {
        Paired p = new Paired();
        r.timing.put(workload, p);
        List<String> args = new ArrayList<>(Arrays.asList(workload, "warmup=" + t.warmup, "batch=" + t.batch));
        if (!pinned && pinCpu != null) {
            args.add("pinThread=" + pinCpu);
        }
        List<String> flags = new ArrayList<>(pinned ? HEAP_FLAGS : CHURN_FLAGS);
        flags.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"); // the child swaps the agent's hook in and out
        for (int round = 0; round < mode.hookShareRounds(); round++) {
            Map<String, String> res = child(jdk, AGENT_OPTIONS, pinned ? pinCpu : null, flags, Workloads.class, args,
                    300);
            double hooked = Double.parseDouble(res.get("us_per_op"));
            double unhooked = Double.parseDouble(res.get("us_per_op_unhooked"));
            p.add(unhooked, hooked);
            log(String.format(Locale.ROOT, "  %s %s round %d: unhooked %.2f vs hooked %.2f us/op, ratio %.3f "
                    + "(per batch pair %s)", jdk.label, workload, round + 1, unhooked, hooked, hooked / unhooked,
                    res.get("ratio")));
        }
    }

    private double usPerOp(Jdk jdk, String agentOptions, String cpu, List<String> flags, List<String> args)
            throws Exception {
        return Double.parseDouble(child(jdk, agentOptions, cpu, flags, Workloads.class, args, 300).get("us_per_op"));
    }

    /**
     * (e) {@code java Hello} (one loopback connection) with and without {@code -javaagent} (default options, as a
     * user writes it: the exit report included), alternating: wall time from process start to exit, and, where
     * {@code /usr/bin/time} exists, the whole process's CPU time (user + system, every thread) and peak RSS. With a
     * baseline jar, each round also runs Hello with it: the previous figures beside the new, from the same rounds.
     */
    private void startup(Jdk jdk, Results r) throws Exception {
        boolean timed = Files.isExecutable(Paths.get(TIME));
        List<StartupArm> arms = new ArrayList<>();
        Paired[] agent = startupFigures(r, "", timed);
        arms.add(new StartupArm(agentJar, SOCKWATCH_STARTED, agent));
        if (baselineJar != null) {
            arms.add(new StartupArm(baselineJar, SOCKWATCH_STARTED, startupFigures(r, "-baseline", timed)));
        }
        if (fileLeakDetectorJar != null) {
            arms.add(new StartupArm(fileLeakDetectorJar, FILE_LEAK_DETECTOR_STARTED,
                    startupFigures(r, "-file-leak-detector", timed)));
        }
        for (int round = 0; round < mode.startupRounds; round++) {
            double[] none = timeHello(jdk, null, null, timed);
            for (int k = 0; k < arms.size(); k++) {
                StartupArm arm = arms.get((round + k) % arms.size()); // which agent runs first rotates
                add(arm.figures, none, timeHello(jdk, arm.jar, arm.started, timed));
            }
        }
        log(String.format(Locale.ROOT, "  %s startup: %.0f vs %.0f ms", jdk.label, Stats.median(agent[0].none),
                Stats.median(agent[0].agent)));
    }

    private static final String SOCKWATCH_STARTED = "sockwatch: ";
    private static final String FILE_LEAK_DETECTOR_STARTED = "File leak detector installed";

    /** One agent jar of the start-up step: what its output shows when it started, and its figures. */
    private static final class StartupArm {
        final Path jar;
        final String started;
        final Paired[] figures;

        StartupArm(Path jar, String started, Paired[] figures) {
            this.jar = jar;
            this.started = started;
            this.figures = figures;
        }
    }

    /** Wall, CPU and RSS pairs, kept as startup{,-cpu,-rss} plus {@code suffix}; CPU and RSS only when timed. */
    private static Paired[] startupFigures(Results r, String suffix, boolean timed) {
        Paired[] figures = {new Paired(), new Paired(), new Paired()};
        r.timing.put("startup" + suffix, figures[0]);
        if (timed) {
            r.timing.put("startup-cpu" + suffix, figures[1]);
            r.timing.put("startup-rss" + suffix, figures[2]);
        }
        return figures;
    }

    private static void add(Paired[] figures, double[] none, double[] with) {
        for (int i = 0; i < figures.length; i++) {
            figures[i].add(none[i], with[i]);
        }
    }

    private static final String TIME = "/usr/bin/time";

    /**
     * Wall ms, CPU ms and peak RSS in MiB (the last two NaN without /usr/bin/time), with {@code agent} or none; the
     * output must show {@code started} when there is an agent.
     */
    private double[] timeHello(Jdk jdk, Path agent, String started, boolean timed) throws Exception {
        List<String> cmd = new ArrayList<>();
        Path usage = null;
        if (timed) {
            usage = Files.createTempFile("sockwatch-bench-time", ".txt");
            cmd.addAll(Arrays.asList(TIME, "-o", usage.toString(), "-f", "%U %S %M"));
        }
        cmd.addAll(command(jdk, null, HEAP_FLAGS, Hello.class, Collections.emptyList()));
        if (agent != null) {
            cmd.add(timed ? 6 : 1, "-javaagent:" + agent);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process proc = pb.start();
        byte[] output = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IOException("Hello did not exit");
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        String text = new String(output, StandardCharsets.UTF_8);
        if (proc.exitValue() != 0 || !text.contains("hello") || (agent != null && !text.contains(started))) {
            throw new IOException("Hello failed: " + text);
        }
        double cpuMs = Double.NaN;
        double rssMiB = Double.NaN;
        if (usage != null) {
            String[] f = new String(Files.readAllBytes(usage), StandardCharsets.UTF_8).trim().split("\\s+");
            Files.delete(usage);
            cpuMs = (Double.parseDouble(f[f.length - 3]) + Double.parseDouble(f[f.length - 2])) * 1000;
            rssMiB = Double.parseDouble(f[f.length - 1]) / 1024;
        }
        return new double[] {ms, cpuMs, rssMiB};
    }

    /** Ping-pong latency, Socket and SocketChannel, while the agent scans 10k other sockets every 100 ms. */
    private void latency(Jdk jdk, Results r) throws Exception {
        for (String kind : new String[] {"socket", "channel"}) {
            List<String> args = Arrays.asList("latency", "kind=" + kind, "pairs=" + mode.latencyPairs,
                    "warmupMs=2000", "seconds=" + mode.latencySeconds);
            Latency l = new Latency();
            r.latency.put(kind, l);
            for (int round = 0; round < mode.latencyRounds; round++) {
                Map<String, String> none = child(jdk, null, pinCpu, Workloads.class, args, 300);
                Map<String, String> with = child(jdk, "interval=100ms,threshold=30s,report=off", pinCpu,
                        Workloads.class, args, 300);
                l.none.add(none);
                l.agent.add(with);
                log("  " + jdk.label + " latency " + kind + " round " + (round + 1) + ": none " + none + " | agent "
                        + with);
            }
        }
    }

    /** (c) heap per tracked socket at 10k sockets and at the most the open-file limit allows. */
    private void heap(Jdk jdk, Results r) throws Exception {
        for (int pairs : heapLevels()) {
            HeapLevel level = new HeapLevel(pairs);
            r.heap.add(level);
            for (int round = 0; round < mode.heapRounds; round++) {
                String histogram = round == 0 ? "histogram=200" : "histogram=0";
                Map<String, String> none = child(jdk, null, null, Workloads.class,
                        Arrays.asList("heap", "pairs=" + pairs, "settleMs=0", histogram), 300);
                Map<String, String> with = child(jdk, "interval=1s,threshold=30s,report=off", null, Workloads.class,
                        Arrays.asList("heap", "pairs=" + pairs, "settleMs=3500", histogram), 300);
                level.add(none, with);
                log(String.format(Locale.ROOT, "  %s heap %d sockets round %d: %.1f B/socket (fixed %+.0f KiB)",
                        jdk.label, level.sockets, round + 1, level.perSocket.get(round),
                        level.fixed.get(round) / 1024));
            }
        }
    }

    List<Integer> heapLevels() {
        int maxPairs = Math.max(100, (fdLimit - 300) / 2);
        List<Integer> levels = new ArrayList<>();
        levels.add(Math.min(5000, maxPairs)); // 10k sockets: 5k client + 5k accepted
        if (maxPairs >= 50_000) {
            levels.add(50_000); // 100k sockets
        } else if (maxPairs > 5000) {
            levels.add(maxPairs);
        }
        return levels;
    }

    /** (d) scan time against sockets in the namespace; helpers hold what one process cannot. */
    private void scan(Jdk jdk, Results r) throws Exception {
        int helperPairs = Math.max(100, (fdLimit - 300) / 2);
        for (int target : mode.scanLevels) {
            int ownPairs = Math.min(target, 10_000) / 2;
            int backgroundPairs = Math.max(0, (target - 2 * ownPairs) / 2);
            int helpers = (backgroundPairs + helperPairs - 1) / helperPairs;
            List<Process> held = new ArrayList<>();
            try {
                for (int h = 0; h < helpers; h++) {
                    int pairs = backgroundPairs / helpers + (h < backgroundPairs % helpers ? 1 : 0);
                    held.add(startHolder(jdk, null, pairs));
                }
                // interval=2s: the MXBean the scans are timed through appears after the agent's first scan
                Map<String, String> res = child(jdk, "interval=2s,threshold=30s,report=off", null, Workloads.class,
                        Arrays.asList("scan", "pairs=" + ownPairs, "reps=" + mode.scanReps), 600);
                res.put("target", Integer.toString(target));
                res.put("helpers", Integer.toString(helpers));
                r.scan.add(res);
                log("  " + jdk.label + " scan " + target + ": " + res);
            } finally {
                for (Process p : held) {
                    stop(p);
                }
            }
        }
    }

    /**
     * (e) attach: {@code java -jar sockwatch-agent.jar attach <pid> <options> --json} into a running JVM holding 1,000
     * sockets (it prints the first report in the same call), and the wait for the first
     * periodic report ({@code json=} file, {@code interval=1s}). Without the CLI (older jars), the JDK Attach API
     * directly ({@link Attacher}).
     */
    private void attach(Jdk jdk, Results r) throws Exception {
        r.attachCli = cliState(jdk);
        boolean cli = r.attachCli.equals("present");
        for (int round = 0; round < mode.attachRounds; round++) {
            Process target = startHolder(jdk, "attach-target", 500);
            Path json = Files.createTempFile("sockwatch-bench-", ".json");
            Files.delete(json);
            String options = "interval=1s,threshold=30s,report=off,json=" + json;
            String pid = Long.toString(target.pid());
            try {
                Map<String, String> res;
                if (cli) {
                    res = new LinkedHashMap<>();
                    long t0 = System.nanoTime();
                    String report = tool(jdk, "attach", pid, options, "--json"); // attaches and prints the first report
                    long t1 = System.nanoTime();
                    long t2 = t1;
                    if (!report.trim().startsWith("{")) {
                        throw new IOException("attach --json printed no JSON: " + report);
                    }
                    long deadline = t0 + 60_000_000_000L;
                    while (!Files.exists(json) && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    long t3 = System.nanoTime();
                    res.put("attach_cli_ms", Workloads.fmt((t1 - t0) / 1e6));
                    res.put("report_cli_ms", Workloads.fmt((t2 - t0) / 1e6));
                    res.put("first_report_ms", Files.exists(json) ? Workloads.fmt((t3 - t0) / 1e6) : "NA");
                } else {
                    res = child(jdk, null, null, Attacher.class, Arrays.asList(pid, agentJar.toString(), options,
                            json.toString()), 120);
                }
                r.attach.add(res);
                log("  " + jdk.label + " attach round " + (round + 1) + ": " + res);
            } finally {
                stop(target);
                Files.deleteIfExists(json);
            }
        }
    }

    /**
     * Scan at scale: {@link #SCALE_TIME_WAIT} TIME_WAIT rows in the namespace (left by a helper JVM without the
     * agent), 10k tracked sockets in the measuring JVM; its scanner thread's own scans are sampled (interval=1s).
     * On Java 22+, where the agent reads the tables through netlink, the same measurement follows with the /proc
     * reader (the agent reads files when its procfs root is not spelled {@code /proc}), on the same rows.
     */
    private void scale(Jdk jdk, Results r) throws Exception {
        Map<String, String> made = child(jdk, null, null, Workloads.class,
                Arrays.asList("timewait", "rows=" + SCALE_TIME_WAIT), 120);
        Map<String, String> res = scaleScan(jdk, HEAP_FLAGS);
        res.put("time_wait_made", made.get("made"));
        r.scale.add(res);
        log("  " + jdk.label + " scale: " + made + " | " + res);
        if (jdk.feature >= 22) {
            List<String> procReader = new ArrayList<>(HEAP_FLAGS);
            procReader.add("-Dsockwatch.proc=/proc/.");
            Map<String, String> proc = scaleScan(jdk, procReader);
            r.scaleProc.add(proc);
            log("  " + jdk.label + " scale, /proc reader: " + proc);
        }
    }

    private Map<String, String> scaleScan(Jdk jdk, List<String> flags) throws Exception {
        return child(jdk, "interval=1s,threshold=30s,report=off", null, flags, Workloads.class,
                Arrays.asList("scan", "pairs=5000", "reps=3", "sampleMs=6000"), 600);
    }

    static final int SCALE_TIME_WAIT = 100_000;

    /**
     * Attach as the production host feels it: the {@code attach-target} ping-pong, pinned to one CPU, without an
     * attach, with {@code attach --json} (attach and first report) {@link #HICCUP_ATTACH_AT_S} s into its timed part,
     * and, at the same second, with the {@link FloorAgent} loaded: once doing nothing, once retransforming the socket
     * impl unchanged, once burning {@link #HICCUP_SPIN_MS} ms of CPU.
     */
    private void hiccup(Jdk jdk, Results r) throws Exception {
        if (!cliState(jdk).equals("present")) {
            throw new IOException("the agent jar has no attach CLI");
        }
        Path floorAgent = FloorAgent.writeJar();
        try {
            for (int round = 0; round < mode.attachRounds; round++) {
                Map<String, String> none = hiccupRun(jdk, null, "");
                Map<String, String> with = hiccupRun(jdk, agentJar, "");
                Map<String, String> empty = hiccupRun(jdk, floorAgent, "");
                Map<String, String> retransform = hiccupRun(jdk, floorAgent, "sun.nio.ch.NioSocketImpl");
                Map<String, String> spin = hiccupRun(jdk, floorAgent, FloorAgent.SPIN + HICCUP_SPIN_MS);
                r.hiccup.add(Arrays.asList(none, with));
                r.hiccupEmptyAgent.add(Arrays.asList(none, empty));
                r.hiccupRetransformOnly.add(Arrays.asList(none, retransform));
                r.hiccupSpin.add(Arrays.asList(none, spin));
                log("  " + jdk.label + " hiccup round " + (round + 1) + ": none " + none + " | attach " + with
                        + " | empty agent " + empty + " | retransform only " + retransform + " | spin " + spin);
            }
        } finally {
            Files.deleteIfExists(floorAgent);
        }
    }

    static final int HICCUP_ATTACH_AT_S = 5;
    static final int HICCUP_SECONDS = 16;
    /** The CPU the floor agent burns in the calibration run: about half of what sockwatch's attach takes. */
    static final int HICCUP_SPIN_MS = 100;
    /** How long after the CLI's (or jcmd's) exit the attach's CPU is still counted: its JIT work and threads. */
    static final int HICCUP_CPU_TAIL_MS = 500;

    /**
     * One run of the ping-pong target: without an attach ({@code attached} null), with sockwatch's {@code attach --json}
     * ({@code attached} the agent jar), or with another agent jar and its {@code options} loaded through
     * {@code jcmd JVMTI.agent_load}.
     */
    private Map<String, String> hiccupRun(Jdk jdk, Path attached, String options) throws Exception {
        List<String> flags = new ArrayList<>(HEAP_FLAGS);
        if (jdk.feature >= 21) {
            flags.add("-XX:+EnableDynamicAgentLoading"); // the attach is the point; no JEP 451 warning
        }
        // the JVM's own count of the safepoints the attach's retransformation takes (the goal: one)
        File safepoints = File.createTempFile("sockwatch-bench-safepoints", ".log");
        Files.delete(safepoints.toPath()); // a log file there at start-up would be kept as <file>.0 by the JVM
        flags.add("-Xlog:safepoint:file=" + safepoints);
        List<String> cmd = command(jdk, null, flags, Workloads.class,
                Arrays.asList("attach-target", "seconds=" + HICCUP_SECONDS));
        if (pinCpu != null) {
            cmd.addAll(0, Arrays.asList("taskset", "-c", pinCpu));
        }
        File err = File.createTempFile("sockwatch-bench-hiccup", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line == null || !line.startsWith("READY")) {
                throw new IOException("attach target failed: " + tail(err.toPath()));
            }
            long ready = System.nanoTime();
            Map<String, String> res = new LinkedHashMap<>();
            if (attached != null) {
                Thread.sleep(Math.max(0, ready + HICCUP_ATTACH_AT_S * 1_000_000_000L - System.nanoTime()) / 1_000_000);
                Map<String, Long> cpuBefore = threadCpuNanos(p.pid());
                long t0 = System.nanoTime();
                String pid = Long.toString(p.pid());
                if (attached.equals(agentJar)) {
                    String report = tool(jdk, "attach", pid, "interval=5s,threshold=30s,report=off", "--json");
                    if (!report.trim().startsWith("{")) {
                        throw new IOException("attach --json printed no JSON: " + report);
                    }
                } else {
                    String loaded = run(Arrays.asList(jdk.home.resolve("bin/jcmd").toString(), pid,
                            "JVMTI.agent_load", attached.toString(), options));
                    if (!loaded.contains("return code: 0")) {
                        throw new IOException("jcmd JVMTI.agent_load " + attached + " failed: " + loaded);
                    }
                }
                long t1 = System.nanoTime();
                res.put("attach_at_s", Workloads.fmt((t0 - ready) / 1e9));
                res.put("report_cli_ms", Workloads.fmt((t1 - t0) / 1e6));
                Thread.sleep(HICCUP_CPU_TAIL_MS);
                attachCpu(cpuBefore, threadCpuNanos(p.pid())).forEach((k, v) -> res.put(k, Workloads.fmt(v / 1e6)));
            }
            for (String l; (l = out.readLine()) != null; ) {
                if (l.startsWith("RESULT")) {
                    for (String kv : l.substring("RESULT".length()).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        res.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || !res.containsKey("ops")) {
                throw new IOException("attach target gave no result: " + tail(err.toPath()));
            }
            res.put("redefine_safepoints", Long.toString(!safepoints.exists() ? 0
                    : Files.readAllLines(safepoints.toPath()).stream().filter(l -> l.contains("\"RedefineClasses\""))
                    .count()));
            return res;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(err.toPath());
            Files.deleteIfExists(safepoints.toPath());
        }
    }

    /** The CPU time of each thread of {@code pid}, by thread id and name ({@code tid/comm}), from its schedstat. */
    static Map<String, Long> threadCpuNanos(long pid) throws IOException {
        Map<String, Long> cpu = new LinkedHashMap<>();
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm")).trim();
                String stat = Files.readString(task.toPath().resolve("schedstat"));
                cpu.put(task.getName() + "/" + comm, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
            } catch (IOException | RuntimeException exited) {
                // a thread that ended between the listing and the read
            }
        }
        return cpu;
    }

    /**
     * The CPU an attach took from the target: every thread but the application's own ({@code main}, whose name in
     * /proc is the launcher's {@code java}, {@code echo} and {@code rss}), in nanoseconds, in all and for the attach
     * listener and the JIT compilers.
     */
    static Map<String, Long> attachCpu(Map<String, Long> before, Map<String, Long> after) {
        long all = 0;
        long listener = 0;
        long jit = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf('/') + 1);
            if (name.equals("java") || name.equals("echo") || name.equals("rss")) {
                continue;
            }
            long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            all += used;
            if (name.startsWith("Attach Listener")) {
                listener += used;
            } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                jit += used;
            }
        }
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put("attach_cpu_ms", all);
        cpu.put("attach_listener_cpu_ms", listener);
        cpu.put("attach_jit_cpu_ms", jit);
        return cpu;
    }

    /** Runs the agent jar's CLI with the JDK under test; its stdout, or an exception (with stderr) on a non-zero exit. */
    private String tool(Jdk jdk, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(jdk.java().toString(), "-jar", agentJar.toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    /** Runs a command; its stdout, or an exception (with stderr) on a non-zero exit. */
    private static String run(List<String> cmd) throws Exception {
        File err = File.createTempFile("sockwatch-bench-cli", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out + tail(err.toPath()));
            }
            return out;
        } finally {
            Files.deleteIfExists(err.toPath());
        }
    }

    private String cliState(Jdk jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.java().toString(), "-jar", agentJar.toString(), "help")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        long lines = text.lines().filter(l -> !l.isBlank()).count();
        return lines <= 1 ? "pending (the attach CLI is a stub: `" + text + "`)" : "present";
    }

    // ------------------------------------------------------------------------------------------ child JVMs

    /** Starts a {@code hold} child (no agent) and waits until its connections are open. */
    private Process startHolder(Jdk jdk, String role, int pairs) throws Exception {
        List<String> flags = new ArrayList<>(Arrays.asList("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"));
        if ("attach-target".equals(role)) {
            flags = new ArrayList<>(HEAP_FLAGS);
            if (jdk.feature >= 21) {
                flags.add("-XX:+EnableDynamicAgentLoading"); // the attach is the point; no JEP 451 warning
            }
        }
        List<String> cmd = command(jdk, null, flags, Workloads.class, Arrays.asList("hold", "pairs=" + pairs));
        File err = File.createTempFile("sockwatch-bench-hold", ".err");
        err.deleteOnExit();
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY")) {
            p.destroyForcibly();
            throw new IOException("holder of " + pairs + " pairs failed: " + tail(err.toPath()));
        }
        return p;
    }

    private static void stop(Process p) {
        try {
            OutputStream in = p.getOutputStream();
            in.close(); // EOF: the holder closes its sockets and exits
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
        }
    }

    /** Runs one child to completion and returns its RESULT line as a map. */
    private Map<String, String> child(Jdk jdk, String agentOptions, String cpu, Class<?> main, List<String> args,
                                      int timeoutSeconds) throws Exception {
        return child(jdk, agentOptions, cpu, HEAP_FLAGS, main, args, timeoutSeconds);
    }

    private Map<String, String> child(Jdk jdk, String agentOptions, String cpu, List<String> flags, Class<?> main,
                                      List<String> args, int timeoutSeconds) throws Exception {
        List<String> cmd = command(jdk, agentOptions, flags, main, args);
        if (cpu != null) {
            cmd.addAll(0, Arrays.asList("taskset", "-c", cpu));
        }
        File err = File.createTempFile("sockwatch-bench", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            String result = lines.stream().filter(l -> l.startsWith("RESULT")).reduce((a, b) -> b).orElse(null);
            if (p.exitValue() != 0 || result == null) {
                throw new IOException("child failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                        + "\n" + String.join("\n", lines) + "\n" + tail(err.toPath()));
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (String kv : result.substring("RESULT".length()).trim().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    map.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return map;
        } finally {
            Files.deleteIfExists(err.toPath());
        }
    }

    private List<String> command(Jdk jdk, String agentOptions, List<String> flags, Class<?> main,
                                 List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        cmd.addAll(flags);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + agentJar + "=" + agentOptions);
        }
        cmd.add("-cp");
        cmd.add(benchClasspath.toString());
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static void log(String message) {
        System.err.println("[" + LocalDateTime.now().format(CLOCK) + "] " + message);
        System.err.flush();
    }

    // ---------------------------------------------------------------------------------------------- model

    static final class Jdk {
        final String label;
        final Path home;
        final String version;
        final int feature;

        private Jdk(String label, Path home, String version) {
            this.label = label;
            this.home = home;
            this.version = version;
            String v = version.startsWith("1.") ? version.substring(2) : version;
            int end = 0;
            while (end < v.length() && Character.isDigit(v.charAt(end))) {
                end++;
            }
            this.feature = end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        }

        static Jdk of(String label, Path home) throws IOException {
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IOException("no bin/java under " + home);
            }
            return new Jdk(label, home, Env.javaVersion(home));
        }

        Path java() {
            return home.resolve("bin/java");
        }
    }

    static final class Paired {
        final List<Double> none = new ArrayList<>();
        final List<Double> agent = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

        void add(double n, double a) {
            none.add(n);
            agent.add(a);
            ratios.add(a / n);
        }
    }

    static final class HeapLevel {
        final int pairs;
        int sockets;
        final List<Double> perSocket = new ArrayList<>();
        /** Agent heap before any benchmark socket exists (its own structures), bytes. */
        final List<Double> fixed = new ArrayList<>();
        final List<Double> noneDelta = new ArrayList<>();
        final List<Double> agentDelta = new ArrayList<>();

        HeapLevel(int pairs) {
            this.pairs = pairs;
        }

        /**
         * Bytes per socket between {@code smaller} and this level: fixed costs cancel out, including what the agent
         * builds once it has sockets to scan, which the figure of one level spreads over its sockets.
         */
        double marginalPerSocketSince(HeapLevel smaller) {
            return (Stats.median(perSocket) * sockets - Stats.median(smaller.perSocket) * smaller.sockets)
                    / (sockets - smaller.sockets);
        }

        /** Class → {Δ bytes, Δ instances}, agent minus no agent, from the first round's class histograms. */
        final Map<String, long[]> histogramDelta = new LinkedHashMap<>();

        void add(Map<String, String> none, Map<String, String> with) {
            if (histogramDelta.isEmpty() && with.get("histogram") != null && !with.get("histogram").isEmpty()) {
                Map<String, long[]> n = parseHistogram(none.get("histogram"));
                Map<String, long[]> a = parseHistogram(with.get("histogram"));
                Set<String> classes = new LinkedHashSet<>(a.keySet());
                classes.addAll(n.keySet());
                for (String c : classes) {
                    long[] x = a.getOrDefault(c, new long[2]);
                    long[] y = n.getOrDefault(c, new long[2]);
                    histogramDelta.put(c, new long[] {x[0] - y[0], x[1] - y[1]});
                }
            }
            sockets = Integer.parseInt(with.get("sockets"));
            double nd = Double.parseDouble(none.get("after")) - Double.parseDouble(none.get("before"));
            double ad = Double.parseDouble(with.get("after")) - Double.parseDouble(with.get("before"));
            noneDelta.add(nd);
            agentDelta.add(ad);
            perSocket.add((ad - nd) / sockets);
            fixed.add(Double.parseDouble(with.get("before")) - Double.parseDouble(none.get("before")));
        }
    }

    static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> m = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return m;
        }
        for (String entry : text.split(",")) {
            String[] f = entry.split(":");
            if (f.length == 3) {
                m.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }

    static final class Latency {
        final List<Map<String, String>> none = new ArrayList<>();
        final List<Map<String, String>> agent = new ArrayList<>();
    }

    static final class Results {
        final Map<String, Paired> timing = new LinkedHashMap<>();
        /** "socket" and "channel" ping-pong. */
        final Map<String, Latency> latency = new LinkedHashMap<>();
        final List<HeapLevel> heap = new ArrayList<>();
        final List<Map<String, String>> scan = new ArrayList<>();
        final List<Map<String, String>> attach = new ArrayList<>();
        final List<Map<String, String>> scale = new ArrayList<>();
        /** Java 22+ only: the same scale measurement with the agent's /proc reader instead of netlink. */
        final List<Map<String, String>> scaleProc = new ArrayList<>();
        /** Per round: the run without attach, the run with it. */
        final List<List<Map<String, String>>> hiccup = new ArrayList<>();
        /** Per round: the same run without attach, the run with the {@link FloorAgent} loaded, doing nothing. */
        final List<List<Map<String, String>>> hiccupEmptyAgent = new ArrayList<>();
        /** Per round: the same run without attach, the run with the {@link FloorAgent} retransforming the impl. */
        final List<List<Map<String, String>>> hiccupRetransformOnly = new ArrayList<>();
        /** Per round: the same run without attach, the run with the {@link FloorAgent} burning CPU. */
        final List<List<Map<String, String>>> hiccupSpin = new ArrayList<>();
        String attachCli;
        final List<String> errors = new ArrayList<>();
    }

    static final class Mode {
        static final class Timing {
            final int rounds;
            final int warmup;
            final int warmupMs;
            final int batches;
            final int batch;

            Timing(int rounds, int warmup, int warmupMs, int batches, int batch) {
                this.rounds = rounds;
                this.warmup = warmup;
                this.warmupMs = warmupMs;
                this.batches = batches;
                this.batch = batch;
            }

            Timing withRounds(int rounds) {
                return new Timing(rounds, warmup, warmupMs, batches, batch);
            }
        }

        final String name;
        final Timing churn;
        final Timing keepAlive;
        final int latencyRounds;
        final int latencyPairs = 5000;
        final int latencySeconds;
        final int heapRounds;
        final int[] scanLevels;
        final int scanReps;
        final int startupRounds;
        final int attachRounds;

        private Mode(String name, Timing churn, Timing keepAlive, int latencyRounds, int latencySeconds,
                     int heapRounds, int[] scanLevels, int scanReps, int startupRounds, int attachRounds) {
            this.name = name;
            this.churn = churn;
            this.keepAlive = keepAlive;
            this.latencyRounds = latencyRounds;
            this.latencySeconds = latencySeconds;
            this.heapRounds = heapRounds;
            this.scanLevels = scanLevels;
            this.scanReps = scanReps;
            this.startupRounds = startupRounds;
            this.attachRounds = attachRounds;
        }

        static Mode of(String name) {
            switch (name) {
                case "quick":
                    return new Mode(name, new Timing(7, 100_000, 1500, 10, 2000), new Timing(7, 30_000, 1000, 20, 5000), 2, 4,
                            3, new int[] {1000, 10_000, 50_000}, 5, 10, 3);
                case "full":
                    return new Mode(name, new Timing(15, 100_000, 2000, 20, 2000), new Timing(15, 50_000, 2000, 40, 5000), 5, 10,
                            3, new int[] {1000, 10_000, 50_000, 100_000}, 10, 20, 5);
                case "churn": // the churn pairs alone, in enough rounds that ±7 % per round resolves 2 %
                    return new Mode(name, new Timing(25, 100_000, 1500, 10, 2000), new Timing(7, 30_000, 1000, 20, 5000),
                            2, 4, 3, new int[] {1000, 10_000, 50_000}, 5, 10, 3);
                default:
                    throw new IllegalArgumentException("mode is quick, full or churn, not " + name);
            }
        }

        /** This mode with {@code rounds} rounds of churn pairs. */
        Mode withChurnRounds(int rounds) {
            return new Mode(name, churn.withRounds(rounds), keepAlive, latencyRounds, latencySeconds, heapRounds,
                    scanLevels, scanReps, startupRounds, attachRounds);
        }

        /**
         * Children of the in-process hook shares: each alternates 40 pairs of batches (its ratio varies ±0.5 %), so
         * fewer than the paired rounds, and no more than 8.
         */
        int hookShareRounds() {
            return Math.min(8, Math.max(3, churn.rounds / 4));
        }

        String describe() {
            return String.format(Locale.ROOT, "churn %d rounds x (≥ %d ops and %d ms warm-up + %d x %d timed ops), "
                            + "its hook share %d children x 40 pairs of %d-op batches; keep-alive %d rounds x (≥ %d round "
                            + "trips and %d ms warm-up + %d x %d timed round trips), its hook share %d children x 40 "
                            + "pairs of %d-round-trip batches; "
                            + "latency %d rounds x %d s per kind; heap %d "
                            + "rounds per level; scan %d reps per level; start-up %d rounds; attach %d rounds",
                    churn.rounds, churn.warmup, churn.warmupMs, churn.batches, churn.batch, hookShareRounds(), churn.batch,
                    keepAlive.rounds, keepAlive.warmup, keepAlive.warmupMs, keepAlive.batches, keepAlive.batch,
                    hookShareRounds(), keepAlive.batch, latencyRounds, latencySeconds, heapRounds, scanReps,
                    startupRounds, attachRounds);
        }
    }
}
