package io.sockwatch.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Typed access to the parts of a parsed JSON report that tests look at. */
public final class Reports {

    private Reports() {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        return (List<Map<String, Object>>) object.get(key);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }

    public static long counter(Map<String, Object> report, String counter, String kind) {
        return (Long) map(map(report, "counters"), counter).get(kind);
    }

    /** Tracked sockets of {@code kind}. */
    public static List<Map<String, Object>> sockets(Map<String, Object> report, String kind) {
        return list(report, "sockets").stream().filter(s -> kind.equals(s.get("kind"))).collect(Collectors.toList());
    }

    public static List<String> sites(List<Map<String, Object>> sockets) {
        List<String> sites = new ArrayList<>();
        for (Map<String, Object> s : sockets) {
            sites.add((String) s.get("site"));
        }
        return sites;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Map<String, Object> object, String key) {
        return (List<String>) object.get(key);
    }
}
