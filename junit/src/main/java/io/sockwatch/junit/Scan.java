package io.sockwatch.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one report of the agent says about the tracked sockets: those open, and those reclaimed by the GC per
 * allocation stack (see docs/report-format.md for the JSON). Immutable.
 */
final class Scan {
    final List<OpenSocket> open;
    /** By allocation stack (its frames): a stack is the same in every report, its id is not. */
    final Map<List<String>, ReclaimedStack> reclaimed;
    /** The sockets idle in a client's pool: local address to remote address. */
    final Map<String, String> pooled;

    private Scan(List<OpenSocket> open, Map<List<String>, ReclaimedStack> reclaimed, Map<String, String> pooled) {
        this.open = Collections.unmodifiableList(open);
        this.reclaimed = Collections.unmodifiableMap(reclaimed);
        this.pooled = Collections.unmodifiableMap(pooled);
    }

    @SuppressWarnings("unchecked")
    static Scan of(String json) {
        Map<String, Object> report = (Map<String, Object>) JsonText.parse(json);
        List<Map<String, Object>> stacks = (List<Map<String, Object>>) report.get("stacks");
        Map<Long, String> threads = new HashMap<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) report.get("threads")) {
            threads.put((Long) t.get("id"), describe(t));
        }
        List<OpenSocket> open = new ArrayList<>();
        Map<String, String> pooled = new HashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) report.get("sockets")) {
            if (s.get("stack") == null) {
                continue; // unattributed: opened before sockwatch started or natively, never a test's
            }
            if (s.get("pool") != null) {
                pooled.put((String) s.get("local"), (String) s.get("remote"));
                continue; // idle in a connection pool, as the client means it to be, until a test leases it
            }
            // a socket a client's own thread used for the application's call is that call's: its stack names the line
            Object stackId = s.containsKey("caller") ? s.get("caller") : s.get("stack");
            Map<String, Object> stack = stacks.get(((Long) stackId).intValue());
            Long opener = (Long) s.get("openedBy");
            open.add(new OpenSocket((String) s.get("kind"), ((Long) s.get("fd")).intValue(), (String) s.get("state"),
                    (String) s.get("local"), (String) s.get("remote"), (Long) s.get("openedAt"), opener,
                    threads.get(opener), (List<String>) stack.get("frames"), (String) stack.get("site")));
        }
        Map<List<String>, ReclaimedStack> reclaimed = new LinkedHashMap<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) report.get("reclaimed")) {
            Map<String, Object> stack = stacks.get(((Long) g.get("stack")).intValue());
            List<String> frames = (List<String>) stack.get("frames");
            reclaimed.put(frames, new ReclaimedStack((String) g.get("kind"), (Long) g.get("count"),
                    threads.get((Long) g.get("openedBy")), frames, (String) stack.get("site")));
        }
        return new Scan(open, reclaimed, pooled);
    }

    long reclaimedAt(List<String> frames) {
        ReclaimedStack r = reclaimed.get(frames);
        return r == null ? 0 : r.count;
    }

    /** As the agent's text report names a thread. */
    private static String describe(Map<String, Object> thread) {
        String name = (String) thread.get("name");
        if (name.isEmpty()) {
            return (Boolean.TRUE.equals(thread.get("virtual")) ? "virtual thread #" : "thread #") + thread.get("id");
        }
        return "thread \"" + name + "\" #" + thread.get("id");
    }
}
