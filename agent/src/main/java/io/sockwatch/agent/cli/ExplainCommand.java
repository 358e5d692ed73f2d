package io.sockwatch.agent.cli;

import io.sockwatch.agent.cli.SockwatchCli.CliFailure;
import io.sockwatch.agent.explain.ExplainReport;
import io.sockwatch.agent.explain.HeapDumpAnalysis;
import io.sockwatch.agent.explain.SocketExplanation;
import io.sockwatch.agent.explain.SuspectSocket;
import io.sockwatch.agent.explain.ThreadDumpDeadlocks;
import io.sockwatch.agent.kernel.KernelTable;
import io.sockwatch.agent.kernel.ProcFds;
import io.sockwatch.agent.kernel.ProcNetTcp;
import io.sockwatch.agent.kernel.TcpRow;
import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.Deadlock;
import io.sockwatch.agent.report.FrameFilter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code explain <pid>}: which code holds the JVM's CLOSE_WAIT sockets and stalled readers, from a heap dump of live objects, with or
 * without sockwatch in the JVM. Without {@code --yes} it only says what the dump would cost. The dump is written by
 * the target into a fresh owner-only directory, read here (never analysed in the target) and deleted in every
 * outcome unless kept on request.
 */
final class ExplainCommand {
    static final String FORM = "explain <pid> [--json] [--yes] [--dir DIR] [--keep-dump] [--skip=<prefix>[:<prefix>...]]"
            + " [--max-pause SECONDS]";
    /** A longer pause than this is refused unless --max-pause allows it: liveness probes fail at 10 to 30 s. */
    static final double DEFAULT_MAX_PAUSE_SECONDS = 10;

    /** Dump size over live heap, measured (docs/benchmarks.md): object headers and ids add about 12 %. */
    private static final double DUMP_PER_HEAP_BYTE = 1.15;
    /** The analysis's temporary reference file per dump byte, measured on small objects (docs/benchmarks.md). */
    private static final double REFERENCE_BYTES_PER_DUMP_BYTE = 0.08;
    /**
     * The heap the analysis runs in whatever the dump's size: its memory grows with the objects that can reach a
     * socket, not with the heap. A CLI given more runs the analysis in a JVM of its own with this -Xmx, so that the
     * whole CLI stays under 512 MB of RSS next to the application it diagnoses.
     */
    private static final int ANALYSIS_HEAP_MB = 320;
    /** Below this heap the analysis is refused: the classes, roots and stacks of a large service need it. */
    private static final long MIN_ANALYSIS_HEAP = 64L << 20;
    /** RSS of the analysing JVM beside its heap (code, metaspace, buffers) and of a waiting parent CLI: a bound. */
    private static final long ANALYSIS_JVM_OVERHEAD = 120L << 20;
    /** The CLI's RSS while it analyses, measured (docs/benchmarks.md): the JVMs, then a little more per dump GB. */
    private static final long EXPECTED_RSS = 115L << 20;
    private static final double EXPECTED_RSS_PER_DUMP_BYTE = 0.005;
    private static final Pattern USED_TOTAL = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern USED_SIZED = Pattern.compile("used (\\d+)([KMG])\\b");
    private static final Pattern DUMP_WRITTEN = Pattern.compile("Heap dump file created \\[(\\d+) bytes");
    private static final Pattern FEATURE = Pattern.compile("(?m)^JDK (\\d+)");

    private final long pid;
    private final boolean json;
    private final boolean yes;
    private final Path dir;
    private final boolean keepDump;
    private final List<String> skip;
    private final FrameFilter filter;
    private final double maxPauseSeconds;

    ExplainCommand(long pid, boolean json, boolean yes, Path dir, boolean keepDump, List<String> skip,
                   double maxPauseSeconds) {
        this.pid = pid;
        this.json = json;
        this.yes = yes;
        this.dir = dir;
        this.keepDump = keepDump;
        this.skip = List.copyOf(skip);
        this.filter = new FrameFilter(skip);
        this.maxPauseSeconds = maxPauseSeconds;
    }

    int run(PrintStream out, PrintStream err) throws CliFailure {
        TargetJvm target = TargetJvm.of(pid);
        Path dumpParent = dir == null ? Paths.get("/tmp") : dir;
        if (!dumpParent.isAbsolute()) {
            throw new CliFailure("--dir " + dumpParent + " is relative; give the directory as the JVM sees it, from /");
        }
        Path parentHere = target.here(dumpParent);
        if (!Files.isDirectory(parentHere, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure("--dir " + dumpParent + " is not a directory of pid " + pid + "; valid form: " + FORM);
        }
        List<SuspectSocket> before = suspectSockets();
        if (before.isEmpty()) {
            print(out, new ExplainReport(pid, List.of(), null, filter, List.of()));
            return SockwatchCli.OK;
        }
        HotSpotAttach jcmd = HotSpotAttach.connect(target);
        int feature = feature(jcmd.jcmd("VM.version"));
        long usedHeap = usedHeapBytes(jcmd.jcmd("GC.heap_info"));
        long dumpBytes = (long) (usedHeap * DUMP_PER_HEAP_BYTE);
        // JDK 21+ writes the dump in parts and then merges them: both exist for a moment
        long diskBytes = feature >= 21 ? 2 * dumpBytes : dumpBytes;
        long referenceBytes = (long) (dumpBytes * REFERENCE_BYTES_PER_DUMP_BYTE);
        int dumpThreads = feature >= 21 ? Runtime.getRuntime().availableProcessors() : 1;
        // as printed (two significant digits), so that the figure and the refusal agree
        double pauseSeconds = twoDigits(DumpPause.seconds(usedHeap, dumpBytes, dumpThreads > 1,
                DumpPause.backgroundDirtyBytes(Paths.get("/proc"))));
        long free = parentHere.toFile().getUsableSpace();
        String refusal = pauseSeconds <= maxPauseSeconds ? null : String.format(Locale.ROOT,
                "the heap dump would stop pid %d for about %s s, longer than the limit of %s s; nothing was done. "
                        + "To accept the pause, run again with --yes --max-pause %d",
                pid, seconds(pauseSeconds), seconds(maxPauseSeconds), (long) Math.ceil(pauseSeconds * 1.25));
        if (!yes) {
            err.println(plan(before.size(), feature, dumpThreads, usedHeap, pauseSeconds, diskBytes, dumpParent, free,
                    referenceBytes, refusal));
            return SockwatchCli.OK;
        }
        if (refusal != null) {
            throw new CliFailure(refusal);
        }
        if (free < diskBytes) {
            throw new CliFailure("not enough space for the heap dump in " + dumpParent + ": " + mb(free)
                    + " MB free, about " + mb(diskBytes) + " MB needed; choose another place with --dir DIR");
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap > ((long) ANALYSIS_HEAP_MB << 20)) {
            return inAnalysisJvm();
        }
        if (maxHeap < MIN_ANALYSIS_HEAP) {
            throw new CliFailure("the heap is too big to analyse with this CLI's memory limit (" + mb(maxHeap)
                    + " MB, about " + mb(MIN_ANALYSIS_HEAP) + " MB needed); run it as java -Xmx" + ANALYSIS_HEAP_MB
                    + "m -jar sockwatch-agent.jar " + FORM.replace("<pid>", Long.toString(pid)));
        }
        return dumpAndExplain(target, jcmd, before, dumpParent, dumpThreads, out, err);
    }

    /**
     * Runs this command again in a JVM with the analysis's heap ({@value #ANALYSIS_HEAP_MB} MB), its output
     * straight to this one's; a Ctrl-C here stops it, and it deletes the dump as it would alone.
     */
    private int inAnalysisJvm() throws CliFailure {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx" + ANALYSIS_HEAP_MB + "m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", AgentJar.own().toString(),
                SockwatchCli.class.getName(), "explain", Long.toString(pid), "--yes", "--max-pause",
                seconds(maxPauseSeconds)));
        if (json) {
            command.add("--json");
        }
        if (dir != null) {
            command.addAll(List.of("--dir", dir.toString()));
        }
        if (keepDump) {
            command.add("--keep-dump");
        }
        if (!skip.isEmpty()) {
            command.add("--skip=" + String.join(":", skip));
        }
        Process analysis;
        try {
            analysis = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new CliFailure("cannot start a JVM for the analysis (" + e.getMessage() + "): run this command as"
                    + " java -Xmx" + ANALYSIS_HEAP_MB + "m -jar sockwatch-agent.jar " + FORM);
        }
        Thread stop = new Thread(() -> {
            analysis.destroy();
            try {
                analysis.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sockwatch-stop-analysis");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return analysis.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while the analysis ran");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the analysis
            }
        }
    }

    private int dumpAndExplain(TargetJvm target, HotSpotAttach jcmd, List<SuspectSocket> before, Path dumpParent,
                               int dumpThreads, PrintStream out, PrintStream err) throws CliFailure {
        TargetDirectory directory;
        try {
            directory = TargetDirectory.create(target, dumpParent);
        } catch (IOException | CliFailure e) {
            throw new CliFailure("cannot create a directory for the heap dump in " + dumpParent + " (" + e.getMessage()
                    + "); choose a writable place with --dir DIR");
        }
        boolean kept = false;
        try {
            Path dumpInTarget = directory.inTarget().resolve("heap.hprof");
            Path dumpHere = directory.here().resolve("heap.hprof");
            err.println("sockwatch: taking a heap dump of the live objects of " + pid + " into " + dumpInTarget
                    + " (the JVM pauses while it is written). The dump holds the application's data, secrets "
                    + "included; " + (keepDump ? "it is kept (--keep-dump)" : "it is deleted as soon as it is read"));
            long started = System.nanoTime();
            // from JDK 21 each of the given threads writes a part of the dump: a shorter pause, merged after it
            String answer = jcmd.jcmd("GC.heap_dump " + (dumpThreads > 1 ? "-parallel=" + dumpThreads + " " : "")
                    + dumpInTarget);
            long dumpMillis = (System.nanoTime() - started) / 1_000_000;
            Matcher written = DUMP_WRITTEN.matcher(answer);
            if (!written.find() || !directory.has("heap.hprof")) {
                throw new CliFailure("the heap dump failed in " + pid + ": " + answer.trim().replace('\n', ' '));
            }
            // exactly the file the JVM wrote: its user could have put a link or another file in its place
            long dumpBytes = Long.parseLong(written.group(1));
            try {
                if (Files.size(directory.checkedFile("heap.hprof", dumpBytes)) != dumpBytes) {
                    throw new CliFailure(dumpHere + " is not the " + dumpBytes + " bytes the JVM wrote; nothing was read");
                }
            } catch (IOException e) {
                throw new CliFailure("cannot check the heap dump of " + pid + " (" + e.getMessage() + ")");
            }
            Path fdDir = target.proc().resolve("fd");
            List<SuspectSocket> stable = new ArrayList<>(before);
            stable.removeIf(s -> !isOpen(fdDir, s));
            long analysisStarted = System.nanoTime();
            HeapDumpAnalysis analysis;
            try {
                analysis = HeapDumpAnalysis.of(dumpHere, stable);
            } catch (IOException e) {
                throw new CliFailure("cannot read the heap dump of " + pid + ": " + e.getMessage());
            } catch (OutOfMemoryError e) {
                throw new CliFailure("the heap dump of " + pid + " has more objects that can reach its sockets than"
                        + " this CLI's memory limit holds (" + mb(Runtime.getRuntime().maxMemory()) + " MB); run it as"
                        + " java -Xmx" + 2 * ANALYSIS_HEAP_MB + "m -cp sockwatch-agent.jar "
                        + SockwatchCli.class.getName() + " " + FORM.replace("<pid>", Long.toString(pid)));
            }
            long analysisMillis = (System.nanoTime() - analysisStarted) / 1_000_000;
            List<SocketExplanation> all = new ArrayList<>();
            for (SuspectSocket s : before) {
                all.add(stable.contains(s) ? analysis.explanation(s) : SocketExplanation.closedByDumpGc(s));
            }
            // The JDK's cleaner closes a collected socket soon after the dump's GC, not always before jcmd returns:
            // a socket no object owns that is gone by now was such garbage, not a native one.
            all.replaceAll(e -> e.verdict() == SocketExplanation.Verdict.HELD || isOpen(fdDir, e.socket()) ? e
                    : SocketExplanation.closedByDumpGc(e.socket()));
            List<Deadlock> deadlocks = deadlocks(jcmd, err);
            print(out, new ExplainReport(pid, all, new ExplainReport.DumpFacts(sizeOf(dumpHere), analysis.objects(),
                    dumpMillis, analysisMillis), filter, deadlocks));
            if (keepDump) {
                kept = true;
                err.println("sockwatch: the heap dump is kept in " + dumpInTarget + "; it holds the application's secrets: "
                        + "delete it when done");
            }
            return SockwatchCli.OK;
        } finally {
            if (kept) {
                directory.keep();
            } else {
                directory.close();
            }
        }
    }

    /**
     * The target's deadlocks: a heap dump records no lock owners, the JVM's deadlock detector (a thread dump, through
     * the same attach) does. Its failure costs only this part of the answer.
     */
    private List<Deadlock> deadlocks(HotSpotAttach jcmd, PrintStream err) {
        try {
            return ThreadDumpDeadlocks.parse(jcmd.jcmd("Thread.print"));
        } catch (CliFailure e) {
            err.println("sockwatch: cannot look for deadlocks in " + pid + " (" + e.getMessage() + ")");
            return List.of();
        }
    }

    /** Whether the socket's fd still refers to the same socket (fd numbers are reused at once). */
    private static boolean isOpen(Path fdDir, SuspectSocket socket) {
        return new ProcFds(fdDir).socketInode(socket.fd()) == socket.inode();
    }

    private void print(PrintStream out, ExplainReport report) {
        out.print(json ? report.json() : report.text());
        out.flush();
    }

    /**
     * The target's CLOSE_WAIT sockets and stalled readers, by fd. A stalled reader is ESTABLISHED with unread data
     * that does not shrink over {@link SuspectSocket#STALL_PROBE_MILLIS}: the table is read twice only when some
     * socket has unread data.
     */
    private List<SuspectSocket> suspectSockets() throws CliFailure {
        Path proc = Paths.get("/proc", Long.toString(pid));
        Map<Long, Integer> fds = new ProcFds(proc.resolve("fd")).socketInodes();
        Map<Long, TcpRow> first = suspectRows(proc, fds);
        Map<Long, TcpRow> rows = first;
        if (first.values().stream().anyMatch(r -> r.state() == TcpState.ESTABLISHED)) {
            try {
                Thread.sleep(SuspectSocket.STALL_PROBE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted while watching the receive queues of " + pid);
            }
            rows = suspectRows(proc, fds);
        }
        List<SuspectSocket> sockets = new ArrayList<>();
        for (TcpRow row : rows.values()) {
            TcpRow earlier = first.get(row.inode());
            if (row.state() == TcpState.CLOSE_WAIT || earlier != null && SuspectSocket.stalled(earlier, row)) {
                sockets.add(new SuspectSocket(fds.get(row.inode()), row));
            }
        }
        sockets.sort(Comparator.comparingInt(SuspectSocket::fd));
        return sockets;
    }

    /** Rows of the target's sockets in CLOSE_WAIT, or ESTABLISHED with unread data, by inode. */
    private Map<Long, TcpRow> suspectRows(Path proc, Map<Long, Integer> fds) throws CliFailure {
        KernelTable table;
        try {
            table = new ProcNetTcp().read(proc.resolve("net"), (state, inode, localPort) -> fds.containsKey(inode)
                    && (state == TcpState.CLOSE_WAIT || state == TcpState.ESTABLISHED));
        } catch (IOException e) {
            throw new CliFailure("cannot read the TCP sockets of " + pid + " (" + e.getMessage() + ")");
        }
        Map<Long, TcpRow> rows = new HashMap<>();
        for (TcpRow row : table.rows()) {
            if (row.state() == TcpState.CLOSE_WAIT || row.rxQueue() > 0) {
                rows.put(row.inode(), row);
            }
        }
        return rows;
    }

    private String plan(int sockets, int feature, int dumpThreads, long usedHeap, double pauseSeconds, long diskBytes,
                        Path dumpParent, long free, long referenceBytes, String refusal) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        boolean ownJvm = maxHeap > ((long) ANALYSIS_HEAP_MB << 20);
        long analysisHeap = ownJvm ? (long) ANALYSIS_HEAP_MB << 20 : maxHeap;
        return String.format(Locale.ROOT, "sockwatch: %d CLOSE_WAIT socket%s or stalled reader%2$s. To name the code "
                        + "that holds them, explain takes a heap dump of the live objects (JDK %d%s):%n"
                        + "  heap in use now:   %d MB (the dump keeps only what is live)%n"
                        + "  expected pause:    about %s s, during which the JVM does nothing else (limit %s s, "
                        + "--max-pause)%n"
                        + "  disk space needed: about %d MB in a new directory under %s (%d MB free),%n"
                        + "                     and about %d MB for the analysis's index under %s%n"
                        + "  memory here:       about %d MB of RSS, at most %d MB whatever the heap's size (%s)%n"
                        + "The dump holds the application's data, secrets included; it is deleted as soon as it is "
                        + "read. %s",
                sockets, sockets == 1 ? "" : "s", feature,
                dumpThreads > 1 ? ", written by " + dumpThreads + " threads" : "", mb(usedHeap),
                seconds(pauseSeconds),
                seconds(maxPauseSeconds), mb(diskBytes), dumpParent, mb(free), mb(referenceBytes),
                System.getProperty("java.io.tmpdir"),
                mb(EXPECTED_RSS + (long) (EXPECTED_RSS_PER_DUMP_BYTE * usedHeap * DUMP_PER_HEAP_BYTE)),
                mb(analysisHeap + ANALYSIS_JVM_OVERHEAD),
                ownJvm ? "the analysis runs in a JVM of its own with -Xmx" + ANALYSIS_HEAP_MB + "m"
                        : "this CLI's heap of " + mb(maxHeap) + " MB",
                refusal == null ? "Run again with --yes to take it." : "Refused: " + refusal + ".");
    }

    /** "10", "2.5": seconds as the user would write them. */
    /** 0.12, 1.5, 12, 130: a prediction of this kind is not worth more digits. */
    static double twoDigits(double seconds) {
        return new BigDecimal(seconds).round(new MathContext(2)).doubleValue();
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    static int feature(String versionOutput) {
        Matcher m = FEATURE.matcher(versionOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : 17;
    }

    /** Bytes in use by the Java heap, from GC.heap_info (G1, Parallel, Serial print "used NK"; ZGC "used NM"). */
    static long usedHeapBytes(String heapInfo) {
        long used = 0;
        for (String line : heapInfo.split("\n")) {
            if (line.trim().startsWith("Metaspace") || line.trim().startsWith("class space")) {
                continue;
            }
            Matcher total = USED_TOTAL.matcher(line);
            if (total.find()) {
                used += Long.parseLong(total.group(1)) << 10;
                continue;
            }
            Matcher sized = USED_SIZED.matcher(line);
            if (used == 0 && sized.find() && !line.startsWith("  ")) {
                int shift = sized.group(2).equals("K") ? 10 : sized.group(2).equals("M") ? 20 : 30;
                used += Long.parseLong(sized.group(1)) << shift;
            }
        }
        return used;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }
}
