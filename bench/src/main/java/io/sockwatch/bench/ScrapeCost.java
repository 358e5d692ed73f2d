package io.sockwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What one exporter scrape of sockwatch's MBeans costs, against one report. The JVM holds {@code sockets} tracked
 * sockets, {@code sites} of them leaked at as many code lines (a class generated and compiled at start, one method
 * per line), the rest established pairs. Once sockwatch shows them all, each scrape does what the Prometheus JMX
 * exporter does per bean ({@code queryNames}, {@code getMBeanInfo}, {@code getAttributes} of every attribute) for
 * every {@code io.sockwatch} bean; a report is the {@code jsonReport} operation. Allocation is this thread's
 * ({@code ThreadMXBean}): the MBeans answer on the caller's thread. Run:
 * <pre>
 * java -javaagent:agent/target/sockwatch-agent.jar=interval=10s,threshold=100ms,report=off[,jmxSites=1000] \
 *      -cp bench/target/sockwatch-bench.jar io.sockwatch.bench.ScrapeCost [sites] [sockets]
 * </pre>
 */
public final class ScrapeCost {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int SCRAPES = 50;
    private static final int REPORTS = 5;

    private ScrapeCost() {
    }

    public static void main(String[] args) throws Exception {
        int sites = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int sockets = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // what an exporter's agent does
        Method[] openers = openers(sites);
        List<Socket> held = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1_000, LOOPBACK)) {
            int port = listener.getLocalPort();
            for (Method open : openers) {
                held.add((Socket) open.invoke(null, port));
                listener.accept().close(); // the peer closes: CLOSE_WAIT, a leak past the threshold
            }
            while (held.size() < sockets - 1) { // the listener is tracked too
                held.add(new Socket(LOOPBACK, port));
                held.add(listener.accept());
            }
            ObjectName summary = new ObjectName("io.sockwatch:type=Sockwatch");
            long deadline = System.currentTimeMillis() + 180_000;
            while (!server.isRegistered(summary) || (int) server.getAttribute(summary, "LeakSites") < sites
                    || (int) server.getAttribute(summary, "TrackedSockets") < sockets) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("sockwatch never showed " + sites + " leak sites and " + sockets
                            + " tracked sockets; is the agent there, with threshold=100ms?");
                }
                Thread.sleep(200);
            }
            measure(server, summary);
        }
    }

    private static void measure(MBeanServer server, ObjectName summary) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int i = 0; i < 10; i++) {
            scrape(server); // warm-up
        }
        long[] scrapeBytes = new long[SCRAPES];
        long[] scrapeNanos = new long[SCRAPES];
        int beans = 0;
        long scansBefore = (long) server.getAttribute(summary, "Scans");
        for (int i = 0; i < SCRAPES; i++) {
            long bytes = threads.getThreadAllocatedBytes(self);
            long t = System.nanoTime();
            beans = scrape(server);
            scrapeNanos[i] = System.nanoTime() - t;
            scrapeBytes[i] = threads.getThreadAllocatedBytes(self) - bytes;
        }
        long scansDuring = (long) server.getAttribute(summary, "Scans") - scansBefore;
        long[] reportBytes = new long[REPORTS];
        long[] reportNanos = new long[REPORTS];
        for (int i = 0; i < REPORTS; i++) {
            long bytes = threads.getThreadAllocatedBytes(self);
            long t = System.nanoTime();
            server.invoke(summary, "jsonReport", null, null);
            reportNanos[i] = System.nanoTime() - t;
            reportBytes[i] = threads.getThreadAllocatedBytes(self) - bytes;
        }
        System.out.printf("tracked %d, leak sites %d, beans read per scrape %d (%s)%n",
                server.getAttribute(summary, "TrackedSockets"), server.getAttribute(summary, "LeakSites"), beans,
                server.invoke(summary, "options", null, null));
        System.out.printf("scrape: median %.2f ms, %s allocated; scans during %d scrapes: %d%n",
                median(scrapeNanos) / 1e6, kib(median(scrapeBytes)), SCRAPES, scansDuring);
        System.out.printf("report (jsonReport): median %.0f ms, %s allocated%n",
                median(reportNanos) / 1e6, kib(median(reportBytes)));
    }

    /** Every io.sockwatch bean, as the Prometheus JMX exporter reads one; returns how many. */
    private static int scrape(MBeanServer server) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("io.sockwatch:*"), null);
        for (ObjectName name : names) {
            MBeanAttributeInfo[] info = server.getMBeanInfo(name).getAttributes();
            String[] attributes = new String[info.length];
            for (int i = 0; i < info.length; i++) {
                attributes[i] = info[i].getName();
            }
            server.getAttributes(name, attributes);
        }
        return names.size();
    }

    /** {@code n} static methods {@code open<i>(int port)}, each opening a socket on its own source line. */
    private static Method[] openers(int n) throws Exception {
        Path dir = Files.createTempDirectory("scrape-cost");
        StringBuilder source = new StringBuilder("package gen;\npublic final class Openers {\n");
        for (int i = 0; i < n; i++) {
            source.append("  public static java.net.Socket open").append(i).append("(int port) throws Exception {")
                    .append(" return new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port); }\n");
        }
        Path file = Files.createDirectories(dir.resolve("gen")).resolve("Openers.java");
        Files.writeString(file, source.append("}\n"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, "-g", "-d", dir.toString(), file.toString()) != 0) {
            throw new IllegalStateException("cannot compile " + file);
        }
        Class<?> openers = new URLClassLoader(new URL[] {dir.toUri().toURL()}).loadClass("gen.Openers");
        Method[] methods = new Method[n];
        for (int i = 0; i < n; i++) {
            methods[i] = openers.getMethod("open" + i, int.class);
        }
        return methods;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String kib(long bytes) {
        return String.format("%.1f KiB", bytes / 1024.0);
    }
}
