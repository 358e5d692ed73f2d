package io.sockwatch.agent.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts by name, as the reports keep them. Loops and one comparator class rather than streams and lambdas: the
 * exit report runs once in a JVM that is ending, where each lambda or stream pipeline is a class spun and
 * interpreted while the application waits for its exit (docs/benchmarks.md, start-up).
 */
public final class Counts {
    private static final Comparator<Map.Entry<String, Integer>> BIGGEST_FIRST = new BiggestFirst();

    private Counts() {
    }

    public static void add(Map<String, Integer> counts, String key, int n) {
        Integer before = counts.get(key);
        counts.put(key, before == null ? n : before + n);
    }

    /** The {@code limit} biggest counts, biggest first (ties in the map's order). */
    public static Map<String, Integer> biggestFirst(Map<String, Integer> counts, int limit) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(BIGGEST_FIRST);
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (int i = 0; i < entries.size() && i < limit; i++) {
            kept.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        return kept;
    }

    private static final class BiggestFirst implements Comparator<Map.Entry<String, Integer>> {
        @Override
        public int compare(Map.Entry<String, Integer> a, Map.Entry<String, Integer> b) {
            return Integer.compare(b.getValue(), a.getValue());
        }
    }
}
