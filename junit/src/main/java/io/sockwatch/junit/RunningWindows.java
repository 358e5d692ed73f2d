package io.sockwatch.junit;

import java.util.HashMap;
import java.util.Map;

/**
 * The test and class windows open now, by JUnit unique id, in one test run. A window that opens beside another one
 * that is not its own class or test marks both: neither ran alone, whatever the configured execution mode said.
 */
final class RunningWindows {
    private final Map<String, Window> open = new HashMap<>();

    synchronized void started(String id, Window window) {
        for (Map.Entry<String, Window> other : open.entrySet()) {
            if (!nested(id, other.getKey())) {
                window.othersRan();
                other.getValue().othersRan();
            }
        }
        open.put(id, window);
    }

    synchronized void ended(String id) {
        open.remove(id);
    }

    /** A class and its tests (and nested classes) share a path of unique-id segments. */
    private static boolean nested(String a, String b) {
        return a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
