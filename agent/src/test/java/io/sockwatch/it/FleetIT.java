package io.sockwatch.it;

import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.FleetTarget;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sockwatch's MBeans through the two engines a fleet runs, their real javaagents from Maven Central, configured
 * with docs/fleet/prometheus.yaml and docs/fleet/opentelemetry.yaml as they are: a JVM that leaked sockets at two
 * lines and closed connections first at a third ({@link FleetTarget}) is scraped over HTTP, and every series must
 * be there with the labels and values of what it did. The JFR periodic event, streamed in the same JVM, must carry
 * the same numbers. Both {@code -javaagent} orders, and an attach into a JVM whose exporter already runs (its
 * series must go with the detach). One JVM per case: the OpenTelemetry agent takes seconds to start.
 */
class FleetIT {
    private static final String SOCKWATCH = "interval=200ms,threshold=500ms,report=off";
    private static final Path DOCS = Paths.get("../docs/fleet").toAbsolutePath().normalize();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> STATES = List.of("established", "syn_sent", "close_wait", "fin_wait_1",
            "fin_wait_2", "last_ack", "closing", "listen", "other");

    /** The exporter's agent first on JDK 17, sockwatch's first on JDK 25 (OpenTelemetry's case the other way round). */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void prometheus(TestJdk jdk, @TempDir Path dir) throws Exception {
        boolean exporterFirst = jdk == TestJdk.JDK17;
        try (Exported run = Exported.start(jdk, dir, port -> {
            List<String> agents = new ArrayList<>(List.of(prometheusAgent(port), sockwatchAgent(SOCKWATCH)));
            return exporterFirst ? agents : List.of(agents.get(1), agents.get(0));
        }, "jfr")) {
            Scrape scrape = run.awaitLeaks(Exporter.PROMETHEUS, 2);
            assertTellsTheLeaks(Exporter.PROMETHEUS, scrape, run);
            assertEquals(scrape.value("sockwatch_tracked_sockets"),
                    STATES.stream().mapToDouble(s -> scrape.value("sockwatch_sockets", "state", s)).sum(),
                    "the states add up to the tracked sockets: " + scrape);
            assertAScrapeDoesNotScan(Exporter.PROMETHEUS, run);
            assertJfrCarriesTheSameNumbers(run, scrape);
            run.stopCleanly();
        }
    }

    /**
     * Attached into a JVM whose exporter runs, with {@code jmxSites=1}: only the biggest leak site and close site
     * get series (the counts still count them all); a detach takes every series away, the exporter stays.
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void prometheusRunningWhenSockwatchAttachesAndDetaches(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Exported run = Exported.start(jdk, dir, port -> List.of(prometheusAgent(port)), "later")) {
            run.target.cli("attach", "" + run.target.pid(), SOCKWATCH + ",jmxSites=1").expect(0);
            run.target.touch("go");
            run.target.await("leaked");
            Scrape scrape = run.awaitLeaks(Exporter.PROMETHEUS, 1);
            assertEquals(2.0, scrape.value("sockwatch_leak_sites"), scrape.toString());
            List<Map<String, String>> sites = Exporter.PROMETHEUS.leakSites(scrape);
            assertEquals(1, sites.size(), "jmxSites=1: " + scrape);
            assertEquals(frame(FleetTarget.class, "fetch", "open:fetch"), sites.get(0).get("site"));
            assertEquals(3.0, Double.parseDouble(sites.get(0).get("sockets")), scrape.toString());
            List<Map<String, String>> closeSites = Exporter.PROMETHEUS.closeSites(scrape);
            assertEquals(List.of(frame(FleetTarget.class, "fetch", "close:fetch-peer")),
                    closeSites.stream().map(s -> s.get("site")).collect(Collectors.toList()), "the biggest: " + scrape);

            run.target.cli("detach", "" + run.target.pid()).expect(0);
            Scrape after = run.scrape();
            assertEquals(List.of(), after.samples.stream().map(s -> s.name).filter(n -> n.startsWith("sockwatch_"))
                    .distinct().collect(Collectors.toList()), "every MBean unregistered at detach: " + after);
            assertTrue(after.samples.stream().anyMatch(s -> s.name.startsWith("jmx_")), "the exporter serves on: " + after);
            run.stopCleanly();
        }
    }

    /**
     * OpenTelemetry's JMX metrics through its Prometheus exporter. The leaks come after its MBean discovery found
     * the summary MBean: a site's MBean registered later must still become series. sockwatch's agent first on
     * JDK 17, OpenTelemetry's first on JDK 25 (its agent takes seconds to start: one JVM per JDK).
     */
    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void openTelemetry(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Exported run = Exported.start(jdk, dir, port -> {
            List<String> otel = List.of("-javaagent:" + System.getProperty("sockwatch.otelAgentJar"),
                    "-Dotel.jmx.config=" + DOCS.resolve("opentelemetry.yaml"),
                    "-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.host=127.0.0.1",
                    "-Dotel.exporter.prometheus.port=" + port, "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none",
                    // MBeans are discovered 1 s after start, then at growing pauses (up to 60 s, the default delay)
                    "-Dotel.jmx.discovery.delay=1000",
                    // only JMX metrics: the agent starts seconds faster
                    "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.jmx-metrics.enabled=true");
            List<String> args = new ArrayList<>(otel);
            args.add(jdk == TestJdk.JDK17 ? 0 : args.size(), sockwatchAgent(SOCKWATCH));
            return args;
        }, "later")) {
            run.awaitSeries("sockwatch_scans_total");
            run.target.touch("go");
            run.target.await("leaked");
            Scrape scrape = run.awaitLeaks(Exporter.OPENTELEMETRY, 2);
            assertTellsTheLeaks(Exporter.OPENTELEMETRY, scrape, run);
            assertAScrapeDoesNotScan(Exporter.OPENTELEMETRY, run);
            run.stopCleanly();
        }
    }

    /** The series against what {@link FleetTarget} did, and against each other. */
    private static void assertTellsTheLeaks(Exporter e, Scrape scrape, Exported run) throws Exception {
        String all = scrape.toString();
        assertEquals(4.0, scrape.value(e.leaked), all);
        assertEquals(2.0, scrape.value(e.leakSites), all);
        for (String state : STATES) {
            assertTrue(scrape.has(e.sockets, e.stateLabel, state), state + ": " + all);
        }
        assertEquals(4.0, scrape.value(e.sockets, e.stateLabel, "close_wait"), all);
        assertTrue(scrape.value(e.sockets, e.stateLabel, "listen") >= 1, all);

        Map<String, Map<String, String>> sites = byKey(e.leakSites(scrape), "site");
        assertEquals(2, sites.size(), all);
        assertSite(sites.get(frame(FleetTarget.class, "fetch", "open:fetch")), "fetch", FleetTarget.LEAKS_AT_FETCH, all);
        assertSite(sites.get(frame(FleetTarget.class, "poll", "open:poll")), "poll", FleetTarget.LEAKS_AT_POLL, all);

        List<Map<String, String>> closeSites = e.closeSites(scrape);
        Map<String, Map<String, String>> closes = byKey(closeSites, "site");
        Map<String, String> first = closes.get(frame(FleetTarget.class, "closeFirst", "close:first"));
        assertTrue(first != null, "no close site for closeFirst: " + all);
        assertEquals(Map.of("time_wait", "2.0", "fin_wait_2", "0.0", "closing", "0.0", "method",
                        FleetTarget.class.getName() + ".closeFirst", "id", siteId("TimeWaitSite " + first.get("site"))),
                without(first, "site"), all);
        assertEquals("3.0", closes.get(frame(FleetTarget.class, "fetch", "close:fetch-peer")).get("fin_wait_2"),
                "the peer of each leak closed first, its FIN_WAIT2 row is orphaned: " + all);
        assertEquals(closeSites.size(), scrape.value(e.timeWaitSites), "every close site shown: " + all);
        assertEquals(closeSites.stream().mapToDouble(s -> Double.parseDouble(s.get("time_wait"))).sum(),
                scrape.value(e.timeWait), all);

        double fds = scrape.value(e.openFds);
        assertTrue(fds > 0 && fds <= scrape.value(e.maxFds), all);
        assertEquals(softFdLimit(run.target.pid()), scrape.value(e.maxFds), all);
        double forecast = scrape.value(e.forecast);
        assertTrue(forecast == -1 || forecast > 0, all);
        // 4 leaked client sockets and 2 TIME_WAIT rows to the target's one server
        assertEquals((FleetTarget.LEAKS_AT_FETCH + FleetTarget.LEAKS_AT_POLL + FleetTarget.CLOSED_FIRST)
                / (double) ephemeralPorts(), scrape.value(e.portRatio), 1e-9, all);
        assertEquals(0.0, scrape.value(e.internalErrors), all);
        assertTrue(scrape.value(e.scans) > 0, all);
    }

    private static void assertSite(Map<String, String> site, String method, int sockets, String all) {
        assertTrue(site != null, "no site for " + method + ": " + all);
        assertEquals(Map.of("sockets", sockets + ".0", "method", FleetTarget.class.getName() + "." + method,
                "leak", "close_wait", "id", siteId("LeakSite close_wait " + site.get("site"))),
                without(site, "site", "age"), all);
        assertTrue(Double.parseDouble(site.get("age")) >= 0 && Double.parseDouble(site.get("age")) < 120, all);
    }

    /** The attributes read the last scan: scrapes in a row cost no scan (the interval is 200 ms). */
    private static void assertAScrapeDoesNotScan(Exporter e, Exported run) throws Exception {
        double before = run.scrape().value(e.scans);
        long start = System.nanoTime();
        int scrapes = 20;
        for (int i = 0; i < scrapes; i++) {
            run.scrape();
        }
        Scrape last = run.scrape();
        long periods = (System.nanoTime() - start) / 200_000_000L;
        assertTrue(last.value(e.scans) - before <= periods + 2, (last.value(e.scans) - before) + " scans in "
                + (scrapes + 1) + " scrapes over " + periods + " scan intervals");
    }

    /** The last {@code io.sockwatch.SocketStates} event the target streamed has the scraped numbers. */
    private static void assertJfrCarriesTheSameNumbers(Exported run, Scrape scrape) throws Exception {
        Map<String, String> event = Map.of();
        for (long deadline = System.currentTimeMillis() + 10_000; System.currentTimeMillis() < deadline; ) {
            List<String> lines = run.target.stdout().lines().filter(l -> l.startsWith("jfr: ")).collect(Collectors.toList());
            if (!lines.isEmpty()) {
                event = fields(lines.get(lines.size() - 1));
                if ("4".equals(event.get("leaked"))) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        String all = event + " vs " + scrape;
        assertEquals("4", event.get("leaked"), all);
        assertEquals("2", event.get("leakSites"), all);
        assertEquals("4", event.get("closeWait"), all);
        assertEquals(scrape.value("sockwatch_tracked_sockets"), Double.parseDouble(event.get("tracked")), all);
        assertEquals(scrape.value("sockwatch_time_wait_rows"), Double.parseDouble(event.get("timeWaitClosedHere")), all);
        assertEquals(scrape.value("sockwatch_time_wait_sites"), Double.parseDouble(event.get("timeWaitSites")), all);
        assertEquals(scrape.value("sockwatch_max_fds"), Double.parseDouble(event.get("fdLimit")), all);
        assertEquals(scrape.value("sockwatch_busiest_destination_ephemeral_ports_ratio"),
                Double.parseDouble(event.get("busiestDestinationPortShare")), 1e-6, all);
        assertEquals("0", event.get("internalErrors"), all);
        assertEquals("0", event.get("reclaimedWithoutClose"), all);
        assertTrue(Long.parseLong(event.get("scans")) > 0, all);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring("jfr: ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return fields;
    }

    /** The site id contract: the low 48 bits of the 64-bit FNV-1a of the bean type, leak kind and site, in hex. */
    private static String siteId(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return String.format("%012x", hash & 0xffffffffffffL);
    }

    private static Map<String, Map<String, String>> byKey(List<Map<String, String>> rows, String key) {
        Map<String, Map<String, String>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.put(r.get(key), r));
        return by;
    }

    private static Map<String, String> without(Map<String, String> row, String... keys) {
        Map<String, String> rest = new HashMap<>(row);
        List.of(keys).forEach(rest::remove);
        return rest;
    }

    private static double softFdLimit(long pid) throws IOException {
        String line = Files.readAllLines(Paths.get("/proc/" + pid + "/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        return Double.parseDouble(line.substring("Max open files".length()).trim().split("\\s+")[0]);
    }

    private static int ephemeralPorts() throws IOException {
        String[] range = Files.readAllLines(Paths.get("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                .split("\\s+");
        return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
    }

    private static String prometheusAgent(int port) {
        return "-javaagent:" + System.getProperty("sockwatch.prometheusAgentJar") + "=127.0.0.1:" + port + ":"
                + DOCS.resolve("prometheus.yaml");
    }

    private static String sockwatchAgent(String options) {
        return "-javaagent:" + AgentRun.AGENT_JAR + "=" + options;
    }

    /**
     * What each exporter calls sockwatch's series (docs/fleet.md), and where it puts a site's code: the Prometheus
     * exporter on an info-style series joined by {@code site_id}, OpenTelemetry on the series themselves.
     */
    private enum Exporter {
        PROMETHEUS("sockwatch_sockets", "state", "sockwatch_leaked_sockets", "sockwatch_leak_sites",
                "sockwatch_time_wait_rows", "sockwatch_time_wait_sites", "sockwatch_open_fds", "sockwatch_max_fds",
                "sockwatch_fd_exhaustion_forecast_seconds", "sockwatch_busiest_destination_ephemeral_ports_ratio",
                "sockwatch_internal_errors_total", "sockwatch_scans_total") {
            @Override
            List<Map<String, String>> leakSites(Scrape s) {
                List<Map<String, String>> sites = new ArrayList<>();
                for (Sample count : s.all("sockwatch_leak_site_leaked_sockets")) {
                    String id = count.labels.get("site_id");
                    Map<String, String> site = new HashMap<>(s.one("sockwatch_leak_site", "site_id", id).labels);
                    site.remove("site_id");
                    site.put("id", id);
                    site.put("sockets", "" + count.value);
                    site.put("leak", s.one("sockwatch_leak_site_kind", "site_id", id).labels.get("leak"));
                    site.put("age", "" + s.value("sockwatch_leak_site_oldest_age_seconds", "site_id", id));
                    sites.add(site);
                }
                return sites;
            }

            @Override
            List<Map<String, String>> closeSites(Scrape s) {
                List<Map<String, String>> sites = new ArrayList<>();
                for (Sample info : s.all("sockwatch_time_wait_site")) {
                    String id = info.labels.get("site_id");
                    Map<String, String> site = new HashMap<>(info.labels);
                    site.remove("site_id");
                    site.put("id", id);
                    for (String state : List.of("time_wait", "fin_wait_2", "closing")) {
                        site.put(state, "" + s.value("sockwatch_time_wait_site_rows", "site_id", id, "state", state));
                    }
                    sites.add(site);
                }
                return sites;
            }
        },
        OPENTELEMETRY("sockwatch_socket_count", "network_connection_state", "sockwatch_socket_leaked",
                "sockwatch_leak_site_count", "sockwatch_socket_time_wait", "sockwatch_close_site_count",
                "sockwatch_file_descriptor_count", "sockwatch_file_descriptor_limit",
                "sockwatch_file_descriptor_exhaustion_forecast_seconds",
                "sockwatch_ephemeral_port_busiest_destination_utilization_ratio", "sockwatch_internal_errors_total",
                "sockwatch_scans_total") {
            @Override
            List<Map<String, String>> leakSites(Scrape s) {
                List<Map<String, String>> sites = new ArrayList<>();
                for (Sample count : s.all("sockwatch_leak_socket_count")) {
                    String id = count.labels.get("sockwatch_site_id");
                    if (!s.has("sockwatch_leak_oldest_age_seconds", "sockwatch_site_id", id)) {
                        continue; // a site's series appear one by one, each at the JMX module's next discovery
                    }
                    Map<String, String> site = siteLabels(count);
                    site.put("sockets", "" + count.value);
                    site.put("leak", count.labels.get("sockwatch_leak_kind"));
                    site.put("age", "" + s.value("sockwatch_leak_oldest_age_seconds", "sockwatch_site_id", site.get("id")));
                    sites.add(site);
                }
                return sites;
            }

            @Override
            List<Map<String, String>> closeSites(Scrape s) {
                Map<String, Map<String, String>> sites = new LinkedHashMap<>();
                for (Sample rows : s.all("sockwatch_close_site_row_count")) {
                    sites.computeIfAbsent(rows.labels.get("sockwatch_site_id"), id -> siteLabels(rows))
                            .put(rows.labels.get("network_connection_state"), "" + rows.value);
                }
                return new ArrayList<>(sites.values());
            }

            private Map<String, String> siteLabels(Sample s) {
                Map<String, String> site = new HashMap<>();
                site.put("id", s.labels.get("sockwatch_site_id"));
                site.put("site", s.labels.get("sockwatch_site"));
                site.put("method", s.labels.get("code_function_name"));
                return site;
            }
        };

        final String sockets;
        final String stateLabel;
        final String leaked;
        final String leakSites;
        final String timeWait;
        final String timeWaitSites;
        final String openFds;
        final String maxFds;
        final String forecast;
        final String portRatio;
        final String internalErrors;
        final String scans;

        Exporter(String sockets, String stateLabel, String leaked, String leakSites, String timeWait,
                 String timeWaitSites, String openFds, String maxFds, String forecast, String portRatio,
                 String internalErrors, String scans) {
            this.sockets = sockets;
            this.stateLabel = stateLabel;
            this.leaked = leaked;
            this.leakSites = leakSites;
            this.timeWait = timeWait;
            this.timeWaitSites = timeWaitSites;
            this.openFds = openFds;
            this.maxFds = maxFds;
            this.forecast = forecast;
            this.portRatio = portRatio;
            this.internalErrors = internalErrors;
            this.scans = scans;
        }

        /** Each leak site: id, site, method, leak, sockets, age. */
        abstract List<Map<String, String>> leakSites(Scrape s);

        /** Each close site: id, site, method, time_wait, fin_wait_2, closing. */
        abstract List<Map<String, String>> closeSites(Scrape s);
    }

    /** The target with its exporter's HTTP port. */
    private static final class Exported implements AutoCloseable {
        final Target target;
        final int port;

        private Exported(Target target, int port) {
            this.target = target;
            this.port = port;
        }

        /**
         * Starts the target with the JVM arguments for an exporter port, until it serves: a port found free may be
         * taken before the exporter binds it, then it starts again on another.
         */
        static Exported start(TestJdk jdk, Path dir, IntFunction<List<String>> jvmArgs, String... args)
                throws Exception {
            for (int attempt = 1; ; attempt++) {
                int port;
                try (ServerSocket free = new ServerSocket(0)) {
                    port = free.getLocalPort();
                }
                Target target = Target.start(jdk, dir, jvmArgs.apply(port), FleetTarget.class, args);
                Exported run = new Exported(target, port);
                try {
                    target.await("ready");
                    run.awaitServing();
                    return run;
                } catch (AssertionError | IOException e) {
                    target.close();
                    if (attempt == 3 || !target.stderr().contains("Address already in use")) {
                        throw e;
                    }
                }
            }
        }

        private void awaitServing() throws Exception {
            for (long deadline = System.currentTimeMillis() + 60_000; ; Thread.sleep(100)) {
                try {
                    scrape();
                    return;
                } catch (IOException notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw notYet;
                    }
                }
            }
        }

        void awaitSeries(String name) throws Exception {
            Scrape s = scrape();
            for (long deadline = System.currentTimeMillis() + 60_000; s.all(name).isEmpty(); s = scrape()) {
                assertTrue(System.currentTimeMillis() < deadline, "no " + name + " in: " + s + "\n" + target.stderr());
                Thread.sleep(200);
            }
        }

        /**
         * Scrapes until the leaks are past the threshold, the TIME_WAIT rows there (all at the next scan) and the
         * {@code sites} leak sites have series (OpenTelemetry finds MBeans registered later at its next discovery).
         */
        Scrape awaitLeaks(Exporter e, int sites) throws Exception {
            Scrape s = scrape();
            for (long deadline = System.currentTimeMillis() + 40_000; !(s.has(e.leaked) && s.value(e.leaked) == 4
                    && s.value(e.timeWait) >= 2 && e.leakSites(s).size() == sites); s = scrape()) {
                assertTrue(System.currentTimeMillis() < deadline, "the leaks never showed: " + s + "\n" + target.stderr());
                Thread.sleep(100);
            }
            return scrape();
        }

        Scrape scrape() throws IOException {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(30_000);
            try (InputStream in = c.getInputStream()) {
                return Scrape.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        /** Stops the target; it exits normally and nobody logged an exception. */
        void stopCleanly() throws Exception {
            assertEquals(0, target.stop(), target.stderr());
            assertTrue(target.stderr().lines().noneMatch(l -> l.contains("Exception") || l.contains("ERROR")
                    || l.contains("Unusable value") || l.startsWith("sockwatch: WARN") && !l.startsWith("sockwatch: WARN LEAK")),
                    target.stderr());
        }

        @Override
        public void close() {
            target.close();
        }
    }

    private static final class Sample {
        final String name;
        final Map<String, String> labels;
        final double value;

        Sample(String name, Map<String, String> labels, double value) {
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    /** One scrape in the Prometheus text format. */
    private static final class Scrape {
        final List<Sample> samples;

        private Scrape(List<Sample> samples) {
            this.samples = samples;
        }

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(2) != null) {
                    for (Matcher l = LABEL.matcher(m.group(2)); l.find(); ) {
                        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                }
                labels.remove("otel_scope_name");
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
            return new Scrape(samples);
        }

        List<Sample> all(String name) {
            return samples.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
        }

        /** The one sample of {@code name} with the labels given as name, value pairs. */
        Sample one(String name, String... labels) {
            List<Sample> found = matching(name, labels);
            assertEquals(1, found.size(), name + List.of(labels) + " in " + this);
            return found.get(0);
        }

        boolean has(String name, String... labels) {
            return !matching(name, labels).isEmpty();
        }

        private List<Sample> matching(String name, String... labels) {
            return all(name).stream().filter(s -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(s.labels.get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).collect(Collectors.toList());
        }

        double value(String name, String... labels) {
            return one(name, labels).value;
        }

        @Override
        public String toString() {
            return samples.stream().filter(s -> s.name.startsWith("sockwatch_")).map(Sample::toString)
                    .collect(Collectors.joining("\n", "\n", ""));
        }
    }
}
