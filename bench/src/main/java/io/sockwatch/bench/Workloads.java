package io.sockwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs inside one child JVM: {@code Workloads <name> key=value...}. Each workload warms up, measures,
 * and prints one line {@code RESULT key=value ...} on stdout for {@link Bench} to parse. Nothing here knows
 * whether the agent is attached; the parent starts the same command with and without {@code -javaagent}.
 */
public final class Workloads {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int MESSAGE = 64;

    private Workloads() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Workloads <churn-socket|churn-channel|hookshare-socket|hookshare-channel|"
                    + "hookshare-keepalive-socket|hookshare-keepalive-channel|keepalive-socket|keepalive-channel|"
                    + "latency|heap|scan|hold|idle> key=value...");
            System.exit(2);
        }
        Map<String, String> p = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Map<String, Object> result;
        switch (args[0]) {
            case "churn-socket":
                result = churn(false, p);
                break;
            case "churn-channel":
                result = churn(true, p);
                break;
            case "hookshare-socket":
                result = hookShare(new SocketChurn(), 100_000, 2000, p);
                break;
            case "hookshare-channel":
                result = hookShare(new ChannelChurn(), 100_000, 2000, p);
                break;
            case "hookshare-keepalive-socket":
                result = hookShare(new SocketPingPong(), 30_000, 5000, p);
                break;
            case "hookshare-keepalive-channel":
                result = hookShare(new ChannelPingPong(), 30_000, 5000, p);
                break;
            case "keepalive-socket":
                result = keepAlive(false, p);
                break;
            case "keepalive-channel":
                result = keepAlive(true, p);
                break;
            case "latency":
                result = latency(p);
                break;
            case "heap":
                result = heap(p);
                break;
            case "scan":
                result = scan(p);
                break;
            case "attach-target":
                result = attachTarget(p);
                break;
            case "hold":
                hold(p);
                return;
            case "timewait":
                result = timeWait(p);
                break;
            default:
                throw new IllegalArgumentException("unknown workload " + args[0]);
        }
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        System.exit(0); // server threads may still be parked in accept/read
    }

    /**
     * The attach benchmark's application: 64-byte round trips on one {@code Socket} connection (opened before any
     * attach, so never tracked), for {@code seconds} after a warm-up; prints {@code READY} when the timed part
     * starts, then per second: round trips, p99 and max in µs, and the process's RSS in MiB (read every 100 ms by
     * a second thread, the same with or without an attach). Each round trip's time goes into a preallocated array,
     * so the measurement itself allocates nothing.
     */
    private static Map<String, Object> attachTarget(Map<String, String> p) throws Exception {
        int seconds = intParam(p, "seconds", 16);
        int warmupMs = intParam(p, "warmupMs", 3000);
        int perSecondMax = 200_000;
        long[][] latencies = new long[seconds][perSecondMax];
        int[] counts = new int[seconds];
        double[] rss = new double[seconds];
        try (SocketPingPong pp = new SocketPingPong()) {
            long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
            while (System.nanoTime() < warmEnd) {
                pp.run(1000, null);
            }
            Thread rssReader = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    while (true) {
                        int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                        if (second >= seconds) {
                            return;
                        }
                        rss[second] = Math.max(rss[second], rssMiB());
                        Thread.sleep(100);
                    }
                } catch (InterruptedException | IOException e) {
                    // end of the benchmark
                }
            }, "rss");
            rssReader.setDaemon(true);
            System.out.println("READY");
            System.out.flush();
            long start = System.nanoTime();
            rssReader.start();
            long[] one = new long[1];
            for (int second = 0; second < seconds; second++) {
                long end = start + (second + 1) * 1_000_000_000L;
                long[] slot = latencies[second];
                int n = 0;
                while (System.nanoTime() < end && n < perSecondMax) {
                    pp.run(1, one);
                    slot[n++] = one[0];
                }
                counts[second] = n;
            }
            rssReader.join();
        }
        StringBuilder ops = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        StringBuilder max = new StringBuilder();
        StringBuilder mem = new StringBuilder();
        for (int second = 0; second < seconds; second++) {
            long[] sorted = Arrays.copyOf(latencies[second], counts[second]);
            Arrays.sort(sorted);
            String sep = second == 0 ? "" : ",";
            ops.append(sep).append(counts[second]);
            p99.append(sep).append(fmt(sorted.length == 0 ? 0 : pct(sorted, 0.99) / 1000.0));
            max.append(sep).append(fmt(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0));
            mem.append(sep).append(fmt(rss[second]));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ops", ops);
        r.put("p99_us", p99);
        r.put("max_us", max);
        r.put("rss_mib", mem);
        return r;
    }

    /**
     * The agent's own periodic scans, as its scanner thread does them: samples that thread's CPU time and allocated
     * bytes every millisecond for {@code sampleMs}; a scan is a burst of CPU time (a gap of 5 ms ends it) that
     * allocates more than 64 KB, which the 50 ms housekeeping ticks between scans never do. Medians per scan.
     */
    private static Map<String, Object> scannerThreadScans(int sampleMs) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sockwatch-scanner"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        Map<String, Object> r = new LinkedHashMap<>();
        if (id < 0) {
            return r;
        }
        List<double[]> scans = new ArrayList<>(); // wall ms, cpu ms, allocated KB
        long end = System.nanoTime() + sampleMs * 1_000_000L;
        long lastCpu = threads.getThreadCpuTime(id);
        long burstStart = 0;
        long burstCpu = 0;
        long burstAlloc = 0;
        long lastActive = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1);
            long now = System.nanoTime();
            long cpu = threads.getThreadCpuTime(id);
            long alloc = threads.getThreadAllocatedBytes(id);
            if (cpu > lastCpu) {
                if (burstStart == 0) {
                    burstStart = now;
                    burstCpu = lastCpu;
                    burstAlloc = alloc;
                }
                lastActive = now;
            } else if (burstStart != 0 && now - lastActive > 5_000_000L) {
                double kb = (alloc - burstAlloc) / 1024.0;
                if (kb > 64) {
                    scans.add(new double[] {(lastActive - burstStart) / 1e6, (lastCpu - burstCpu) / 1e6, kb});
                }
                burstStart = 0;
            }
            lastCpu = cpu;
        }
        r.put("scanner_scans", scans.size());
        r.put("scanner_ms", fmt(Stats.median(scans.stream().map(v -> v[0]).collect(java.util.stream.Collectors.toList()))));
        r.put("scanner_cpu_ms", fmt(Stats.median(scans.stream().map(v -> v[1]).collect(java.util.stream.Collectors.toList()))));
        r.put("scanner_alloc_kb", fmt(Stats.median(scans.stream().map(v -> v[2]).collect(java.util.stream.Collectors.toList()))));
        return r;
    }

    /**
     * Tops the namespace up to {@code rows} TIME_WAIT rows (counted in /proc/net/sockstat), as a busy proxy's:
     * loopback connections whose client closes first, to {@code rows / 10,000 + 1} listeners. Rows left by an
     * earlier step count (they outlive their process by the kernel's 60 s), so every JDK's step measures the same
     * namespace size; loopback reuses some TIME_WAIT ports (tcp_tw_reuse=2), so it takes more connections than
     * rows. TIME_WAIT holds no fd.
     */
    private static Map<String, Object> timeWait(Map<String, String> p) throws IOException {
        int rows = intParam(p, "rows", 100_000);
        int listeners = rows / 10_000 + 1;
        List<ServerSocket> servers = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            servers.add(new ServerSocket(0, 50, LOOPBACK));
        }
        long t0 = System.nanoTime();
        int before = timeWaitRows();
        int made = 0;
        try {
            for (int i = 0; i < 3 * rows && (i % 1000 != 0 || timeWaitRows() < rows); i++) {
                ServerSocket server = servers.get(i % listeners);
                try (Socket client = new Socket(LOOPBACK, server.getLocalPort()); Socket accepted = server.accept()) {
                    client.close(); // the active close: the client's end stays in TIME_WAIT
                }
                made++;
            }
        } catch (IOException portsExhausted) {
            // report what was made
        } finally {
            for (ServerSocket s : servers) {
                s.close();
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("made", made);
        r.put("time_wait_before", before);
        r.put("time_wait", timeWaitRows());
        r.put("seconds", fmt((System.nanoTime() - t0) / 1e9));
        return r;
    }

    /** The namespace's TIME_WAIT rows, both families: the "tw" of /proc/net/sockstat's TCP line. */
    private static int timeWaitRows() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/net/sockstat"))) {
            String[] words = line.split(" ");
            for (int i = 1; i + 1 < words.length && words[0].equals("TCP:"); i++) {
                if (words[i].equals("tw")) {
                    return Integer.parseInt(words[i + 1]);
                }
            }
        }
        throw new IOException("no TCP tw count in /proc/net/sockstat");
    }

    private static double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static int intParam(Map<String, String> p, String key, int def) {
        String v = p.get(key);
        return v == null ? def : Integer.parseInt(v);
    }

    // ---------------------------------------------------------------------------------------------- (a) churn

    /**
     * connect + accept + close, single thread, after a warm-up of at least {@code warmup} ops and
     * {@code warmupMs} (the agent's hooks need C2 too; the bench asks for 100,000 ops: a JDK 17 {@code Socket} child
     * ran 39-41 µs an op for its first ~60,000 and 45-47 from then on, with or without the agent, and where that
     * step fell in a child's batches decided its figure): the loopback handshake completes in the listen backlog, so
     * connect returns before accept. The accepted side is closed first with SO_LINGER 0 (an RST), so neither
     * end enters TIME_WAIT: the ephemeral ports are free again at once and the namespace's TCP table does
     * not fill up with tens of thousands of TIME_WAIT rows that would slow down every later scan.
     */
    private static Map<String, Object> churn(boolean channel, Map<String, String> p) throws IOException {
        int warmup = intParam(p, "warmup", 20000);
        int warmupMs = intParam(p, "warmupMs", 1000);
        int batches = intParam(p, "batches", 5);
        int batch = intParam(p, "batch", 2000);
        if (p.containsKey("pinThread")) {
            pinThisThread(p.get("pinThread"));
        }
        OpLoop loop = channel ? new ChannelChurn() : new SocketChurn();
        try {
            long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
            for (int done = 0; done < warmup || System.nanoTime() < warmEnd; done += 1000) {
                loop.run(1000);
            }
            double[] perOp = new double[batches];
            ThreadCounters before = ThreadCounters.read();
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                loop.run(batch);
                perOp[b] = (System.nanoTime() - t0) / 1000.0 / batch;
            }
            ThreadCounters after = ThreadCounters.read();
            long ops = (long) batches * batch;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("us_per_op", fmt(Stats.median(perOp)));
            r.put("batches", Arrays.toString(round(perOp)).replace(" ", ""));
            r.put("ops", ops);
            r.put("oncpu_us_per_op", fmt((after.onCpuNanos - before.onCpuNanos) / 1000.0 / ops));
            r.put("runqueue_us_per_op", fmt((after.runQueueNanos - before.runQueueNanos) / 1000.0 / ops));
            r.put("timeslices", after.timeslices - before.timeslices);
            r.put("minor_faults_per_op", fmt((after.minorFaults - before.minorFaults) / (double) ops));
            return r;
        } finally {
            loop.close();
        }
    }

    /**
     * A churn or keep-alive loop in a JVM running sockwatch, its hooks installed and uninstalled in alternating
     * batches: the share of an op that the agent's work on the application threads costs, in one process, so the VM's
     * slow and fast modes (which move a child's µs per op by 40 %) slow both arms alike. Uninstalled, the instrumented
     * JDK methods still run their inserted call, which finds no hook; what that costs is in the paired figures only.
     * The keep-alive connection is tracked: it is opened with the hook installed. Needs
     * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (the hook class is the agent's, in the JDK).
     */
    private static Map<String, Object> hookShare(OpLoop loop, int defaultWarmup, int defaultBatch,
                                                 Map<String, String> p) throws Exception {
        int warmup = intParam(p, "warmup", defaultWarmup);
        int batches = intParam(p, "batches", 40);
        int batch = intParam(p, "batch", defaultBatch);
        if (p.containsKey("pinThread")) {
            pinThisThread(p.get("pinThread"));
        }
        java.lang.reflect.Field installed;
        try {
            installed = Class.forName("sun.nio.ch.SockwatchHook").getDeclaredField("installed");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no sockwatch hook in this JVM: run it with the agent");
        }
        installed.setAccessible(true);
        Object hook = installed.get(null);
        if (hook == null) {
            throw new IllegalStateException("sockwatch's hook is not installed: run with the agent");
        }
        try {
            for (int done = 0; done < warmup; done += 1000) {
                installed.set(null, done % 2000 == 0 ? hook : null);
                loop.run(1000);
            }
            double[] on = new double[batches];
            double[] off = new double[batches];
            double[] ratio = new double[batches];
            for (int b = 0; b < batches; b++) {
                for (int k = 0; k < 2; k++) {
                    boolean hooked = (b + k) % 2 == 0; // which arm goes first alternates
                    installed.set(null, hooked ? hook : null);
                    long t0 = System.nanoTime();
                    loop.run(batch);
                    double us = (System.nanoTime() - t0) / 1000.0 / batch;
                    if (hooked) {
                        on[b] = us;
                    } else {
                        off[b] = us;
                    }
                }
                ratio[b] = on[b] / off[b];
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("us_per_op", fmt(Stats.median(on)));
            r.put("us_per_op_unhooked", fmt(Stats.median(off)));
            r.put("ratio", fmt(Stats.median(ratio)));
            return r;
        } finally {
            installed.set(null, hook);
            loop.close();
        }
    }

    /**
     * Pins the calling thread alone to {@code cpu} ({@code taskset -p} on its task id), the JVM's other threads
     * (JIT, GC, an agent's) staying free: unpinned, a single-threaded loopback loop runs in one of two regimes
     * (here 36 or 51 µs per churn op) depending on the CPU it lands on, and a child's regime decides its ratio.
     */
    private static void pinThisThread(String cpu) throws IOException {
        String task = Files.readSymbolicLink(Paths.get("/proc/thread-self")).getFileName().toString();
        try {
            Process taskset = new ProcessBuilder("taskset", "-p", "-c", cpu, task)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (taskset.waitFor() != 0) {
                throw new IOException("taskset -p -c " + cpu + " " + task + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pinning", e);
        }
    }

    /**
     * The calling thread's scheduler and fault counters. A churn op never blocks, so wall time beyond its time on a
     * CPU is time another thread held that CPU ({@code /proc/thread-self/schedstat}); and a heap page the JVM touches
     * for the first time costs a minor fault ({@code /proc/thread-self/stat}), which a long-running JVM no longer pays.
     */
    private static final class ThreadCounters {
        final long onCpuNanos;
        final long runQueueNanos;
        final long timeslices;
        final long minorFaults;

        private ThreadCounters(long onCpuNanos, long runQueueNanos, long timeslices, long minorFaults) {
            this.onCpuNanos = onCpuNanos;
            this.runQueueNanos = runQueueNanos;
            this.timeslices = timeslices;
            this.minorFaults = minorFaults;
        }

        static ThreadCounters read() throws IOException {
            String[] sched = new String(Files.readAllBytes(Paths.get("/proc/thread-self/schedstat"))).trim().split(" ");
            String stat = new String(Files.readAllBytes(Paths.get("/proc/thread-self/stat")));
            // after "pid (name) ": state ppid pgrp session tty_nr tpgid flags minflt ...; the name may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new ThreadCounters(Long.parseLong(sched[0]), Long.parseLong(sched[1]), Long.parseLong(sched[2]),
                    Long.parseLong(fields[7]));
        }
    }

    /** {@code n} operations of a workload: churn ops or keep-alive round trips. */
    private interface OpLoop extends AutoCloseable {
        void run(int n) throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class SocketChurn implements OpLoop {
        private final ServerSocket server = new ServerSocket(0, 128, LOOPBACK);

        SocketChurn() throws IOException {
        }

        @Override
        public void run(int n) throws IOException {
            int port = server.getLocalPort();
            for (int i = 0; i < n; i++) {
                Socket client = new Socket(LOOPBACK, port);
                Socket accepted = server.accept();
                accepted.setSoLinger(true, 0);
                accepted.close();
                client.close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static final class ChannelChurn implements OpLoop {
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final InetSocketAddress address;

        ChannelChurn() throws IOException {
            server.bind(new InetSocketAddress(LOOPBACK, 0), 128);
            address = (InetSocketAddress) server.getLocalAddress();
        }

        @Override
        public void run(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                SocketChannel client = SocketChannel.open(address);
                SocketChannel accepted = server.accept();
                accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
                accepted.close();
                client.close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------ (b) keep-alive

    /** One connection, 64-byte ping from the main thread, 64-byte pong from an echo thread; µs per round trip. */
    private static Map<String, Object> keepAlive(boolean channel, Map<String, String> p) throws Exception {
        int warmup = intParam(p, "warmup", 20000);
        int warmupMs = intParam(p, "warmupMs", 1000);
        int batches = intParam(p, "batches", 5);
        int batch = intParam(p, "batch", 10000);
        try (PingPong pp = channel ? new ChannelPingPong() : new SocketPingPong()) {
            long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
            for (int done = 0; done < warmup || System.nanoTime() < warmEnd; done += 1000) {
                pp.run(1000, null);
            }
            double[] perOp = new double[batches];
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                pp.run(batch, null);
                perOp[b] = (System.nanoTime() - t0) / 1000.0 / batch;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("us_per_op", fmt(Stats.median(perOp)));
            r.put("batches", Arrays.toString(round(perOp)).replace(" ", ""));
            r.put("ops", (long) batches * batch);
            return r;
        }
    }

    private abstract static class PingPong implements OpLoop {
        /** {@code n} round trips; when {@code latencies} is given, each round trip's nanoseconds go into it. */
        abstract void run(int n, long[] latencies) throws IOException;

        @Override
        public void run(int n) throws IOException {
            run(n, null);
        }

        /** The echo thread (the other application thread of the benchmark). */
        abstract Thread echo();
    }

    private static final class SocketPingPong extends PingPong {
        private final ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        private final Socket client = new Socket(LOOPBACK, server.getLocalPort());
        private final Socket accepted = server.accept();
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[MESSAGE];
        private final Thread echo;

        SocketPingPong() throws IOException {
            client.setTcpNoDelay(true);
            accepted.setTcpNoDelay(true);
            in = client.getInputStream();
            out = client.getOutputStream();
            InputStream ein = accepted.getInputStream();
            OutputStream eout = accepted.getOutputStream();
            echo = new Thread(() -> {
                byte[] b = new byte[MESSAGE];
                try {
                    while (readFully(ein, b)) {
                        eout.write(b);
                    }
                } catch (IOException closed) {
                    // end of the benchmark
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
        }

        @Override
        Thread echo() {
            return echo;
        }

        @Override
        void run(int n, long[] latencies) throws IOException {
            for (int i = 0; i < n; i++) {
                long t0 = latencies == null ? 0 : System.nanoTime();
                out.write(buf);
                if (!readFully(in, buf)) {
                    throw new IOException("echo closed");
                }
                if (latencies != null) {
                    latencies[i] = System.nanoTime() - t0;
                }
            }
        }

        private static boolean readFully(InputStream in, byte[] b) throws IOException {
            int got = 0;
            while (got < b.length) {
                int n = in.read(b, got, b.length - got);
                if (n < 0) {
                    return false;
                }
                got += n;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            client.close();
            accepted.close();
            server.close();
        }
    }

    private static final class ChannelPingPong extends PingPong {
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final SocketChannel client;
        private final SocketChannel accepted;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
        private final Thread echo;

        ChannelPingPong() throws IOException {
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            client = SocketChannel.open(server.getLocalAddress());
            accepted = server.accept();
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            echo = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(MESSAGE);
                try {
                    while (true) {
                        b.clear();
                        if (!readFully(accepted, b)) {
                            return;
                        }
                        b.flip();
                        while (b.hasRemaining()) {
                            accepted.write(b);
                        }
                    }
                } catch (IOException closed) {
                    // end of the benchmark
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
        }

        @Override
        Thread echo() {
            return echo;
        }

        @Override
        void run(int n, long[] latencies) throws IOException {
            for (int i = 0; i < n; i++) {
                long t0 = latencies == null ? 0 : System.nanoTime();
                buf.clear();
                while (buf.hasRemaining()) {
                    client.write(buf);
                }
                buf.clear();
                if (!readFully(client, buf)) {
                    throw new IOException("echo closed");
                }
                if (latencies != null) {
                    latencies[i] = System.nanoTime() - t0;
                }
            }
        }

        private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            client.close();
            accepted.close();
            server.close();
        }
    }

    // --------------------------------------------------------------------- scans vs application threads

    /**
     * Ping-pong latency ({@code kind=socket|channel}) while {@code pairs} other connections stay open in this
     * process, from three sites, Socket and SocketChannel (with the agent: tracked and scanned every interval).
     * Records every round trip for {@code seconds} after a warm-up, and the lock waits of both threads.
     */
    private static Map<String, Object> latency(Map<String, String> p) throws Exception {
        int pairs = intParam(p, "pairs", 5000);
        int warmupMs = intParam(p, "warmupMs", 2000);
        int seconds = intParam(p, "seconds", 5);
        boolean channel = "channel".equals(p.get("kind"));
        Held held = Held.open(pairs, 3);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean contention = threads.isThreadContentionMonitoringSupported();
        if (contention) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        try (PingPong pp = channel ? new ChannelPingPong() : new SocketPingPong()) {
            long[] ids = {Thread.currentThread().getId(), pp.echo().getId()};
            long end = System.nanoTime() + warmupMs * 1_000_000L;
            while (System.nanoTime() < end) {
                pp.run(1000, null);
            }
            long[] lat = new long[4_000_000];
            long gcCount0 = gcCount();
            long gcMs0 = gcMillis();
            long waits0 = contention ? lockWaits(threads, ids) : 0;
            int n = 0;
            long t0 = System.nanoTime();
            end = t0 + seconds * 1_000_000_000L;
            long[] chunk = new long[1000];
            while (System.nanoTime() < end && n + chunk.length <= lat.length) {
                pp.run(chunk.length, chunk);
                System.arraycopy(chunk, 0, lat, n, chunk.length);
                n += chunk.length;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long waits = contention ? lockWaits(threads, ids) - waits0 : -1;
            long[] sorted = Arrays.copyOf(lat, n);
            Arrays.sort(sorted);
            int over1ms = 0;
            for (int i = n - 1; i >= 0 && sorted[i] > 1_000_000L; i--) {
                over1ms++;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("p50_us", fmt(pct(sorted, 0.50) / 1000.0));
            r.put("p99_us", fmt(pct(sorted, 0.99) / 1000.0));
            r.put("p999_us", fmt(pct(sorted, 0.999) / 1000.0));
            r.put("max_us", fmt(sorted[n - 1] / 1000.0));
            r.put("over1ms", over1ms);
            r.put("ops", n);
            r.put("seconds", fmt(elapsed));
            r.put("gc_count", gcCount() - gcCount0);
            r.put("gc_ms", gcMillis() - gcMs0);
            r.put("lock_waits", waits);
            r.put("held_sockets", held.sockets());
            return r;
        } finally {
            held.close();
        }
    }

    /**
     * Times the threads entered a contended monitor or waited (park, Object.wait) so far. Blocking socket I/O
     * waits in native poll and counts as neither: a ping-pong thread that never shares a lock has 0, and any
     * wait on a lock held by the agent's scanner shows up here.
     */
    private static long lockWaits(java.lang.management.ThreadMXBean threads, long[] ids) {
        long n = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info != null) {
                n += info.getBlockedCount() + info.getWaitedCount();
            }
        }
        return n;
    }

    private static long pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long gcCount() {
        long c = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += Math.max(0, gc.getCollectionCount());
        }
        return c;
    }

    private static long gcMillis() {
        long c = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += Math.max(0, gc.getCollectionTime());
        }
        return c;
    }

    // -------------------------------------------------------------------------------------------- (c) heap

    /**
     * Heap used after GC before and after opening {@code pairs} long-lived connection pairs from three call
     * sites (plus the accept sites), after waiting {@code settleMs} so the agent's scanner has resolved and
     * interned every allocation stack. The parent subtracts the no-agent delta from the agent delta.
     */
    private static Map<String, Object> heap(Map<String, String> p) throws Exception {
        int pairs = intParam(p, "pairs", 5000);
        int settleMs = intParam(p, "settleMs", 0);
        long before = usedAfterGc();
        Held held = Held.open(pairs, 3);
        if (settleMs > 0) {
            Thread.sleep(settleMs);
        }
        long after = usedAfterGc();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("before", before);
        r.put("after", after);
        r.put("sockets", held.sockets());
        if (intParam(p, "histogram", 0) > 0) {
            r.put("histogram", histogram(Integer.parseInt(p.get("histogram"))));
        }
        held.close();
        return r;
    }

    /**
     * The {@code top} classes by live bytes, from the GC.class_histogram diagnostic command, as
     * {@code class:bytes:instances,...} (the parent diffs agent and no-agent children). Empty if unavailable.
     */
    private static String histogram(int top) {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return "";
        }
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // " num:  #instances  #bytes  class name (module)"
            if (f.length < 4 || !f[0].endsWith(":") || !f[1].chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (f[3].contains("FillerElement")) {
                continue; // G1's heap filler arrays, not objects
            }
            // lambda and other hidden classes are numbered per run: Foo$$Lambda$41/0x00007f61... -> Foo$$Lambda
            String name = f[3].replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda").replaceAll("/0x[0-9a-fA-F]+$", "");
            long[] sum = classes.computeIfAbsent(name, k -> new long[2]);
            sum[0] += Long.parseLong(f[2]);
            sum[1] += Long.parseLong(f[1]);
            if (classes.size() > top) {
                classes.remove(name);
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        classes.forEach((name, sum) -> out.append(out.length() == 0 ? "" : ",").append(name).append(':')
                .append(sum[0]).append(':').append(sum[1]));
        return out.toString();
    }

    /** The lowest of a few heap-used-after-full-GC readings (a scan in flight holds two reports for a moment). */
    private static long usedAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            System.gc();
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Thread.sleep(150);
        }
        return best;
    }

    /** Long-lived loopback connections: both ends open in this JVM, the clients spread over call sites. */
    static final class Held {
        private final List<AutoCloseable> all = new ArrayList<>();
        private int sockets;

        static Held open(int pairs, int sites) throws IOException {
            Held h = new Held();
            ServerSocket server = new ServerSocket(0, 1024, LOOPBACK);
            ServerSocketChannel serverChannel = ServerSocketChannel.open();
            serverChannel.bind(new InetSocketAddress(LOOPBACK, 0), 1024);
            h.all.add(server);
            h.all.add(serverChannel);
            h.sockets = 2;
            InetSocketAddress channelAddress = (InetSocketAddress) serverChannel.getLocalAddress();
            for (int i = 0; i < pairs; i++) {
                switch (i % sites) {
                    case 0:
                        h.siteA(server);
                        break;
                    case 1:
                        h.siteB(serverChannel, channelAddress);
                        break;
                    default:
                        h.siteC(server);
                        break;
                }
                h.sockets += 2;
            }
            return h;
        }

        private void siteA(ServerSocket server) throws IOException {
            all.add(new Socket(LOOPBACK, server.getLocalPort()));
            all.add(server.accept());
        }

        private void siteB(ServerSocketChannel server, InetSocketAddress address) throws IOException {
            all.add(SocketChannel.open(address));
            all.add(server.accept());
        }

        private void siteC(ServerSocket server) throws IOException {
            Socket s = new Socket();
            s.connect(server.getLocalSocketAddress());
            all.add(s);
            all.add(server.accept());
        }

        int sockets() {
            return sockets;
        }

        /**
         * Closes everything with SO_LINGER 0 (an RST, no FIN handshake), so that neither end lingers in TIME_WAIT:
         * tens of thousands of TIME_WAIT rows would stay in the namespace's TCP table for a minute and slow down
         * the scans of every later benchmark.
         */
        void close() {
            for (AutoCloseable c : all) {
                try {
                    if (c instanceof Socket) {
                        ((Socket) c).setSoLinger(true, 0);
                    } else if (c instanceof SocketChannel) {
                        ((SocketChannel) c).setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                } catch (Exception ignored) {
                    // already reset by the peer
                }
                try {
                    c.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------- (d) scan time

    /**
     * Scan cost with {@code pairs} connections of this process (tracked when the agent is attached) and
     * whatever else the namespace holds (the parent starts {@code hold} processes for that). Times:
     * a full agent scan through its MXBean (first one resolves every
     * allocation stack, the later ones are steady state); and the /proc work alone, with a routine of its own:
     * read + parse /proc/self/net/tcp and tcp6, and list + readlink /proc/self/fd.
     */
    private static Map<String, Object> scan(Map<String, String> p) throws Exception {
        int pairs = intParam(p, "pairs", 5000);
        int reps = intParam(p, "reps", 5);
        Held held = Held.open(pairs, 3);
        Map<String, Object> r = new LinkedHashMap<>();
        try {
            r.put("own_sockets", held.sockets());
            Path net = Paths.get("/proc/self/net");
            int rows = 0;
            double[] read = new double[reps];
            double[] parse = new double[reps];
            for (int i = -1; i < reps; i++) { // one untimed warm-up
                long t0 = System.nanoTime();
                byte[] tcp = readAll(net.resolve("tcp"));
                byte[] tcp6 = readAll(net.resolve("tcp6"));
                long t1 = System.nanoTime();
                rows = parseRows(tcp) + parseRows(tcp6);
                if (i >= 0) {
                    read[i] = (t1 - t0) / 1e6;
                    parse[i] = (System.nanoTime() - t1) / 1e6;
                }
            }
            r.put("namespace_rows", rows);
            r.put("read_ms", fmt(Stats.median(read)));
            r.put("parse_ms", fmt(Stats.median(parse)));
            int links = 0;
            double[] readlink = new double[reps];
            for (int i = -1; i < reps; i++) {
                long t0 = System.nanoTime();
                links = readSocketLinks(Paths.get("/proc/self/fd"));
                if (i >= 0) {
                    readlink[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            r.put("socket_fds", links);
            r.put("readlink_ms", fmt(Stats.median(readlink)));

            java.util.concurrent.Callable<Object> agentScan = agentScan();
            if (agentScan != null) {
                long t0 = System.nanoTime();
                agentScan.call();
                r.put("first_scan_ms", fmt((System.nanoTime() - t0) / 1e6));
                double[] scans = new double[reps];
                for (int i = 0; i < reps; i++) {
                    t0 = System.nanoTime();
                    agentScan.call();
                    scans[i] = (System.nanoTime() - t0) / 1e6;
                }
                r.put("scan_ms", fmt(Stats.median(scans)));
                r.put("scan_min_ms", fmt(Arrays.stream(scans).min().orElse(0)));
            } else {
                r.put("first_scan_ms", "NA");
                r.put("scan_ms", "NA");
                r.put("scan_min_ms", "NA");
            }
            r.put("scan_via", scanVia);
            if (agentScan != null) {
                String json = (String) agentScan.call();
                r.put("json_bytes", json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                java.util.regex.Matcher reader = java.util.regex.Pattern.compile("\"kernelReader\":\"?(\\w+)").matcher(json);
                r.put("kernel_reader", reader.find() ? reader.group(1) : "NA");
            }
            if (p.containsKey("sampleMs")) {
                r.putAll(scannerThreadScans(intParam(p, "sampleMs", 6000)));
            }
            return r;
        } finally {
            held.close();
        }
    }

    private static String scanVia = "none";

    /**
     * A full scan of the agent, through the {@code jsonReport} operation of its MXBean (scan plus JSON rendering);
     * null without an agent. sockwatch registers the MXBean only where the application uses JMX, after a scan:
     * this workload creates the platform MBean server, as such an application does, and waits for it.
     */
    private static java.util.concurrent.Callable<Object> agentScan() throws InterruptedException {
        try {
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = new javax.management.ObjectName("io.sockwatch:type=Sockwatch");
            boolean agent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-javaagent:"));
            for (long deadline = System.nanoTime() + 15_000_000_000L; agent && System.nanoTime() < deadline; ) {
                if (server.isRegistered(name)) {
                    scanVia = "MXBean jsonReport";
                    return () -> server.invoke(name, "jsonReport", null, null);
                }
                Thread.sleep(50);
            }
        } catch (javax.management.JMException | RuntimeException notThere) {
            // no agent
        }
        return null;
    }

    /** The whole file; /proc files report size 0, so read until EOF. Empty if absent (no IPv6). */
    private static byte[] readAll(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    private static long checksum;

    /**
     * Splits the rows as the kernel prints them ({@code sl local remote st tx:rx tr:when retrnsmt uid timeout
     * inode ...}) and decodes the remote port, state and inode of each: the work a scanner has to do per row.
     */
    private static int parseRows(byte[] text) {
        int rows = 0;
        long sum = 0;
        int i = 0;
        int n = text.length;
        while (i < n && text[i] != '\n') {
            i++; // header
        }
        int field = -1;
        while (++i < n) {
            // one row: walk its whitespace-separated fields
            field = 0;
            long inode = 0;
            int state = 0;
            int port = 0;
            while (i < n && text[i] != '\n') {
                while (i < n && text[i] == ' ') {
                    i++;
                }
                int start = i;
                while (i < n && text[i] != ' ' && text[i] != '\n') {
                    i++;
                }
                if (start == i) {
                    break;
                }
                if (field == 2) {
                    for (int k = i - 4; k < i; k++) {
                        port = port * 16 + Character.digit(text[k], 16);
                    }
                } else if (field == 3) {
                    state = Character.digit(text[start], 16) * 16 + Character.digit(text[start + 1], 16);
                } else if (field == 9) {
                    for (int k = start; k < i; k++) {
                        inode = inode * 10 + (text[k] - '0');
                    }
                }
                field++;
            }
            if (field >= 10) {
                rows++;
                sum += inode + state + port;
            }
        }
        checksum += sum; // keeps the parse from being optimised away
        return rows;
    }

    private static int readSocketLinks(Path fdDir) throws IOException {
        int sockets = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdDir)) {
            for (Path e : entries) {
                try {
                    if (Files.readSymbolicLink(e).toString().startsWith("socket:[")) {
                        sockets++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own fd, for one
                }
            }
        }
        return sockets;
    }

    // -------------------------------------------------------------------------------------- helper processes

    /** Holds {@code pairs} connections open (background sockets in the namespace) until stdin closes. */
    private static void hold(Map<String, String> p) throws Exception {
        Held held = Held.open(intParam(p, "pairs", 1000), 1);
        System.out.println("READY " + held.sockets());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for EOF: the parent closes our stdin (or dies)
        }
        held.close();
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ misc

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 100) / 100.0;
        }
        return r;
    }
}
