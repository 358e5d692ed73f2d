package io.sockwatch.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Typed access to the parts of a parsed JSON report that tests look at, following its ids to their tables. */
public final class Reports {

    private Reports() {
    }

    /**
     * A JSON report or explain's JSON, parsed after checking it against docs/report.schema.json: every report a
     * test reads comes through here, so the schema cannot drift from what the agent writes.
     */
    public static Map<String, Object> parse(String json) {
        ReportSchema.assertValid(json);
        return Json.object(json);
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

    /** The entry of {@code stacks} that a {@code stack} field (a number) refers to. */
    public static Map<String, Object> stack(Map<String, Object> report, Object id) {
        Map<String, Object> stack = list(report, "stacks").get(((Long) id).intValue());
        if (!id.equals(stack.get("id"))) {
            throw new AssertionError("stacks[" + id + "] has id " + stack.get("id"));
        }
        return stack;
    }

    /** The frames of the stack with that id. */
    public static List<String> frames(Map<String, Object> report, Object stackId) {
        return strings(stack(report, stackId), "frames");
    }

    /** The site of a tracked socket (or a group): the site of its caller's stack if it has one, else of its stack. */
    public static String site(Map<String, Object> report, Map<String, Object> socket) {
        return (String) stack(report, socket.containsKey("caller") ? socket.get("caller") : socket.get("stack"))
                .get("site");
    }

    public static List<String> sites(Map<String, Object> report, List<Map<String, Object>> sockets) {
        List<String> sites = new ArrayList<>();
        for (Map<String, Object> s : sockets) {
            sites.add(site(report, s));
        }
        return sites;
    }

    /** The entry of {@code threads} with that thread id. */
    public static Map<String, Object> thread(Map<String, Object> report, Object id) {
        List<Map<String, Object>> found = list(report, "threads").stream().filter(t -> id.equals(t.get("id")))
                .collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " threads with id " + id + " in " + report.get("threads"));
        }
        return found.get(0);
    }

    /** The threads a leak group lists. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> threads(Map<String, Object> report, Map<String, Object> group) {
        List<Map<String, Object>> threads = new ArrayList<>();
        for (Object id : (List<Object>) group.get("threads")) {
            threads.add(thread(report, id));
        }
        return threads;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Map<String, Object> object, String key) {
        return (List<String>) object.get(key);
    }
}
