package io.sockwatch.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/fleet's configurations against the MXBean interfaces: every attribute has its series in both exporters'
 * files (a new attribute without one fails here), and the alert rules use only series prometheus.yaml makes. The
 * files' effect on the real exporters is FleetIT's; the alert rules' is checked with promtool (docs/fleet.md).
 */
class FleetConfigTest {
    private static final Path FLEET = Paths.get("../docs/fleet");
    /** The ObjectName each bean has, as the Prometheus exporter writes it into the text its patterns match. */
    private static final Map<Class<?>, String> BEANS = new LinkedHashMap<>();

    static {
        BEANS.put(SockwatchMXBean.class, "io.sockwatch<type=Sockwatch>");
        BEANS.put(LeakSiteMXBean.class, "io.sockwatch<type=LeakSite, site=0123456789ab>");
        BEANS.put(TimeWaitSiteMXBean.class, "io.sockwatch<type=TimeWaitSite, site=0123456789ab>");
    }

    /** The numbers, and a site's code as labels (its method is a capture group of the Site rule's pattern). */
    @Test
    void everyAttributeHasAPrometheusSeries() throws IOException {
        List<Map<String, Object>> rules = list(yaml("prometheus.yaml").get("rules"));
        Map<String, String> strings = Map.of("Site", "com.acme.Client.fetch(Client.java:42)", "Leak", "close_wait");
        for (Map.Entry<Class<?>, String> bean : BEANS.entrySet()) {
            for (String attribute : attributes(bean.getKey(), false)) {
                if (!isNumeric(bean.getKey(), attribute) && !strings.containsKey(attribute)) {
                    continue;
                }
                String value = isNumeric(bean.getKey(), attribute) ? "3" : strings.get(attribute);
                String scraped = bean.getValue() + "<>" + attribute + ": " + value;
                Map<String, Object> rule = rules.stream()
                        .filter(r -> Pattern.compile((String) r.get("pattern")).matcher(scraped).matches())
                        .findFirst().orElseThrow(() -> new AssertionError("no rule for " + scraped));
                String name = (String) rule.get("name");
                assertTrue(name.startsWith("sockwatch_"), name);
                assertEquals(name.endsWith("_total"), "COUNTER".equals(rule.get("type")), name + ": counters end in _total");
                assertFalse(name.endsWith("_info"), name + ": the exporter's client library drops an _info suffix");
            }
        }
    }

    @Test
    void everyNumericAttributeHasAnOpenTelemetryMetric() throws IOException {
        Map<String, Set<String>> mapped = new LinkedHashMap<>();
        for (Map<String, Object> rule : list(yaml("opentelemetry.yaml").get("rules"))) {
            Map<String, Object> mapping = map(rule.get("mapping"));
            mapped.put((String) rule.get("bean"), mapping.keySet());
            mapping.values().forEach(m -> assertTrue(Set.of("gauge", "counter", "updowncounter")
                    .contains(map(m).get("type")), m.toString()));
        }
        assertEquals(Map.of(
                SockwatchMXBean.OBJECT_NAME, attributes(SockwatchMXBean.class, true),
                "io.sockwatch:type=LeakSite,site=*", attributes(LeakSiteMXBean.class, true),
                "io.sockwatch:type=TimeWaitSite,site=*", attributes(TimeWaitSiteMXBean.class, true)), mapped);
    }

    /** Each alert is complete, and uses series the Prometheus configuration makes. */
    @Test
    void alertsUseTheSeriesOfThePrometheusConfiguration() throws IOException {
        Set<String> series = new TreeSet<>();
        list(yaml("prometheus.yaml").get("rules")).forEach(r -> series.add((String) r.get("name")));
        List<Map<String, Object>> groups = list(yaml("alerts.yaml").get("groups"));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                alerts.add((String) rule.get("alert"));
                assertTrue(map(rule.get("labels")).containsKey("severity"), rule.toString());
                assertTrue(map(rule.get("annotations")).keySet().containsAll(Set.of("summary", "description")),
                        rule.toString());
                for (Matcher m = Pattern.compile("sockwatch_\\w+").matcher((String) rule.get("expr")); m.find(); ) {
                    assertTrue(series.contains(m.group()), m.group() + " is not made by prometheus.yaml: " + series);
                }
            }
        }
        assertEquals(List.of("SocketLeakGrowing", "FileDescriptorsRunOutWithinAnHour",
                "EphemeralPortsHeldByOneDestination"), alerts);
    }

    private static Set<String> attributes(Class<?> mxBean, boolean numericOnly) {
        Set<String> names = new TreeSet<>();
        for (Method m : mxBean.getMethods()) {
            if (m.getName().startsWith("get") && (!numericOnly || isNumeric(mxBean, m.getName().substring(3)))) {
                names.add(m.getName().substring(3));
            }
        }
        return names;
    }

    private static boolean isNumeric(Class<?> mxBean, String attribute) {
        try {
            Class<?> type = mxBean.getMethod("get" + attribute).getReturnType();
            return type == int.class || type == long.class || type == double.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        try (Reader in = Files.newBufferedReader(FLEET.resolve(file))) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object yaml) {
        return (List<Map<String, Object>>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }
}
