package io.sockwatch.it.apps;

import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Everything an application could notice about its own JVM that sockwatch must leave as it was. Sets
 * {@code java.net.preferIPv4Stack} first thing in main (so it only works if nothing initialised networking
 * before), opens a listener, prints "ready", and prints a probe block for each file {@code probe-<label>} the test
 * creates, ending with the line {@code probed-<label>}, until {@code stop}. With argument {@code jmx} it uses JMX
 * itself (creates the platform MBean server), as an application with JMX monitoring does.
 */
public final class HostProbe {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.net.preferIPv4Stack", "true");
        if (args.length > 0 && args[0].equals("jmx")) {
            ManagementFactory.getPlatformMBeanServer();
        }
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0)) {
            held.add(new Socket(Scenarios.LOOPBACK, server.getLocalPort()));
            held.add(server.accept());
            System.out.println("ready");
            Path dir = Paths.get("").toAbsolutePath();
            long deadline = System.currentTimeMillis() + 120_000;
            while (!Files.exists(dir.resolve("stop")) && System.currentTimeMillis() < deadline) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path probe : files.filter(f -> f.getFileName().toString().startsWith("probe-"))
                            .collect(Collectors.toList())) {
                        String label = probe.getFileName().toString().substring("probe-".length());
                        Files.delete(probe);
                        probe(label, server.getLocalPort());
                    }
                }
                Scenarios.sleep(20);
            }
        }
        for (Socket s : held) {
            s.close();
        }
    }

    private static void probe(String label, int listenerPort) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.println(label + " listener in " + familyOf(listenerPort));
        System.out.println(label + " listening sockets " + listeningSockets());
        System.out.println(label + " Socket.impl " + deepReflection("java.net.Socket", "impl"));
        System.out.println(label + " SelectorImpl.selectedKeys " + deepReflection("sun.nio.ch.SelectorImpl", "selectedKeys"));
        System.out.println(label + " AbstractSelectableChannel.keys " + deepReflection("java.nio.channels.spi.AbstractSelectableChannel", "keys"));
        System.out.println(label + " Module.enableNativeAccess " + deepReflection("java.lang.Module", "enableNativeAccess"));
        System.out.println(label + " native access " + nativeAccess());
        System.out.println(label + " system properties " + new TreeSet<>(System.getProperties().stringPropertyNames()));
        System.out.println(label + " system property values " + propertyValues());
        System.out.println(label + " open files " + openFiles());
        System.out.println(label + " threads " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new)));
        List<MBeanServer> servers = MBeanServerFactory.findMBeanServer(null);
        System.out.println(label + " MBean servers " + servers.size());
        boolean registered = false;
        for (MBeanServer server : servers) {
            registered |= server.isRegistered(new ObjectName("io.sockwatch:type=Sockwatch"));
        }
        System.out.println(label + " sockwatch MXBean " + registered);
        System.out.println("probed-" + label);
    }

    /**
     * The files the process holds open in two listings 100 ms apart, sorted: not sockets or pipes, not jars (the class
     * path differs with the agent), not this listing's own /proc directory, not its working directory (each run has
     * its own, which holds its stdout and stderr). A JDK facility sockwatch initialised would show here, such as
     * the /dev/random and /dev/urandom a first SecureRandom keeps open for the JVM's life; a file the JVM reads for a
     * moment (its container support's cgroup {@code memory.stat}, from the VM's own threads) is in one listing only.
     */
    private static Set<String> openFiles() throws IOException, InterruptedException {
        Set<String> files = openFilesNow();
        Thread.sleep(100);
        files.retainAll(openFilesNow());
        return files;
    }

    private static Set<String> openFilesNow() throws IOException {
        Set<String> files = new TreeSet<>();
        String workDir = Paths.get("").toAbsolutePath().toString();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("/") && !target.endsWith(".jar") && !target.startsWith("/proc/")
                        && !target.startsWith(workDir)) {
                    files.add(target);
                }
            }
        }
        return files;
    }

    /**
     * Every property with its value, sorted, on one line: {@code [name=value, ...]} with line ends, brackets and
     * backslashes escaped. Not {@code Properties.store}: its date comment initialises the default time zone,
     * which sets {@code user.timezone} (as {@code jcmd VM.system_properties} does in the JVM it asks).
     */
    private static String propertyValues() {
        Map<String, String> all = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            all.put(oneLine(name), oneLine(System.getProperty(name)));
        }
        return all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String oneLine(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == '[' || c == ']' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** Which table the listener is in: tcp for IPv4-only, tcp6 for the JDK's default dual-stack sockets. */
    private static String familyOf(int port) throws Exception {
        String hex = String.format(":%04X ", port);
        for (String file : new String[] {"tcp", "tcp6"}) {
            for (String line : Files.readAllLines(Paths.get("/proc/self/net", file))) {
                if (line.contains(hex) && line.trim().split("\\s+")[3].equals("0A")) {
                    return file;
                }
            }
        }
        return "neither";
    }

    /** LISTEN rows of the namespace whose socket is one of this process's fds. */
    private static int listeningSockets() throws Exception {
        Set<String> ours = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : fds.collect(Collectors.toList())) {
                try {
                    ours.add(Files.readSymbolicLink(fd).toString());
                } catch (Exception closed) {
                    // the listing's own fd, gone by now
                }
            }
        }
        int n = 0;
        for (String file : new String[] {"tcp", "tcp6"}) {
            for (String line : Files.readAllLines(Paths.get("/proc/self/net", file))) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 9 && cols[3].equals("0A") && ours.contains("socket:[" + cols[9] + "]")) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Whether this class path may call restricted methods without a warning (Java 22+; "n/a" before). */
    private static String nativeAccess() throws Exception {
        try {
            return String.valueOf(Module.class.getMethod("isNativeAccessEnabled").invoke(HostProbe.class.getModule()));
        } catch (NoSuchMethodException beforeJava22) {
            return "n/a";
        }
    }

    private static String deepReflection(String className, String field) {
        try {
            Class.forName(className).getDeclaredField(field).setAccessible(true);
            return "accessible";
        } catch (Exception | Error e) {
            return "refused (" + e.getClass().getSimpleName() + ")";
        }
    }
}
