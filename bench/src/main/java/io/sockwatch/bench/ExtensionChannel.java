package io.sockwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code java -javaagent:sockwatch-agent.jar=interval=1s,report=off -cp bench/target/classes
 * io.sockwatch.bench.ExtensionChannel [reports]}: what the JUnit extension's channel to the agent costs, as the
 * extension uses it. Creating the platform MBean server, waiting for the agent's MXBean, then {@code reports}
 * calls of {@code jsonReport()} (default 200) with 10 loopback connections open, and the kernel's own time to
 * produce {@code /proc/self/net/tcp} and {@code tcp6}, which every report reads.
 */
public final class ExtensionChannel {
    private static final int CONNECTIONS = 10;

    private ExtensionChannel() {
    }

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < CONNECTIONS; i++) {
                open.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                open.add(server.accept());
            }
            Set<String> threadsBefore = threadNames();
            long start = System.nanoTime();
            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            long created = System.nanoTime();
            ObjectName name = new ObjectName("io.sockwatch:type=Sockwatch");
            while (!mbeans.isRegistered(name)) {
                Thread.sleep(5);
            }
            long registered = System.nanoTime();
            Set<String> newThreads = threadNames();
            newThreads.removeAll(threadsBefore);
            System.out.printf("platform MBean server created in %.0f ms; MXBean registered %.0f ms later; new threads: %s%n",
                    (created - start) / 1e6, (registered - created) / 1e6, newThreads);

            long[] nanos = new long[reports];
            int bytes = 0;
            for (int i = 0; i < reports; i++) {
                long t = System.nanoTime();
                bytes = ((String) mbeans.invoke(name, "jsonReport", null, null)).length();
                nanos[i] = System.nanoTime() - t;
            }
            System.out.printf("jsonReport(): median %.1f ms, p90 %.1f ms, max %.1f ms (%d reports of %d bytes, %d sockets open)%n",
                    percentile(nanos, 50), percentile(nanos, 90), percentile(nanos, 100), reports, bytes, open.size() + 1);

            long[] procNanos = new long[reports];
            for (int i = 0; i < reports; i++) {
                long t = System.nanoTime();
                readAll("/proc/self/net/tcp");
                readAll("/proc/self/net/tcp6");
                procNanos[i] = System.nanoTime() - t;
            }
            System.out.printf("reading /proc/self/net/tcp and tcp6 alone: median %.1f ms%n", percentile(procNanos, 50));
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private static void readAll(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Paths.get(file))) {
            in.readAllBytes();
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }
}
