package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second holder of an object the shortest path explains only in part: a socket a thread keeps as a local while a
 * static field also holds it is leaked by both, and closing it in the thread alone would not free the static's
 * entry. Of the two kinds people act on, a local and an application's static, the one the shortest path did not
 * take is searched for on its own, and only for the targets that need it (each such search is one more pass over
 * the graph).
 */
final class OtherHolders {
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private OtherHolders() {
    }

    /** Per held target whose shortest path starts at a frame or a static: the shortest path from the other kind. */
    static Map<Integer, Retention> find(RetentionPaths primary, int[] targets) throws IOException {
        Map<Integer, Retention> others = new HashMap<>();
        for (GcRoot.Kind first : List.of(GcRoot.Kind.FRAME, GcRoot.Kind.STATIC)) {
            int[] needing = Arrays.stream(targets)
                    .filter(t -> primary.reached(t) && primary.root(primary.path(t).get(0)).kind() == first)
                    .distinct().toArray();
            if (needing.length == 0) {
                continue;
            }
            RetentionPaths paths = RetentionPaths.searchFrom(primary.heap(), needing,
                    first == GcRoot.Kind.FRAME ? OtherHolders::isApplicationStatic : root -> root.kind() == GcRoot.Kind.FRAME);
            RetentionDescriber describer = new RetentionDescriber(paths);
            for (int target : needing) {
                if (paths.reached(target)) {
                    others.put(target, describer.describe(target));
                }
            }
        }
        return others;
    }

    /**
     * A static field outside the JDK. The JDK's own statics reach much through its internals (the common cleaner's
     * list reaches every registered object's action), which is the JDK's business, not a second leak.
     */
    private static boolean isApplicationStatic(GcRoot root) {
        if (root.kind() != GcRoot.Kind.STATIC) {
            return false;
        }
        String holder = root.staticHolder().name();
        for (String jdk : JDK_PACKAGES) {
            if (holder.startsWith(jdk)) {
                return false;
            }
        }
        return true;
    }
}
