package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shortest paths from the GC roots to a few objects: one breadth-first search over the index, seeded with the
 * locals of threads' frames first (so that of equally short paths the one through a stack wins: it names code),
 * then static fields, threads and the VM's roots; it stops once every target is reached.
 */
final class RetentionPaths {
    private static final int UNVISITED = -1;
    /** A thread's object in a search that does not go through threads: never entered. */
    private static final int BLOCKED = Integer.MIN_VALUE;

    private final HeapIndex heap;
    /**
     * Per node: UNVISITED, BLOCKED, the node it was reached from, or {@code -2 - i} for the i-th root of
     * {@link #roots}.
     */
    private final int[] parent;
    private final List<GcRoot> roots;

    private RetentionPaths(HeapIndex heap, int[] parent, List<GcRoot> roots) {
        this.heap = heap;
        this.parent = parent;
        this.roots = roots;
    }

    static RetentionPaths search(HeapIndex heap, int[] targetNodes) throws IOException {
        return search(heap, targetNodes, root -> true, false);
    }

    /**
     * As {@link #search(HeapIndex, int[])}, from some roots only: how else, if at all, the targets are held. Such a
     * search does not go through the objects of threads: what a thread holds (its Runnable, its thread locals) is
     * the thread's, not held by a static that reaches every thread through its group.
     */
    static RetentionPaths searchFrom(HeapIndex heap, int[] targetNodes, Predicate<GcRoot> seeds)
            throws IOException {
        return search(heap, targetNodes, seeds, true);
    }

    private static RetentionPaths search(HeapIndex heap, int[] targetNodes, Predicate<GcRoot> seeds,
                                         boolean avoidThreads) throws IOException {
        heap.keepPathsTo(targetNodes);
        int[] targets = Arrays.stream(targetNodes).distinct().sorted().toArray();
        List<GcRoot> roots = new ArrayList<>();
        for (GcRoot root : heap.roots()) {
            if (seeds.test(root)) {
                roots.add(root);
            }
        }
        roots.sort((a, b) -> a.kind().compareTo(b.kind()));
        int nodes = heap.nodeCount();
        int[] parent = new int[nodes];
        Arrays.fill(parent, UNVISITED);
        if (avoidThreads) {
            for (GcRoot root : heap.roots()) {
                int thread = root.kind() == GcRoot.Kind.THREAD ? heap.pathNode(root.objectId()) : -1;
                if (thread >= 0) {
                    parent[thread] = BLOCKED;
                }
            }
        }
        int[] queue = new int[nodes];
        int tail = 0;
        for (int r = 0; r < roots.size(); r++) {
            int node = heap.pathNode(roots.get(r).objectId());
            if (node >= 0 && parent[node] == UNVISITED) {
                parent[node] = -2 - r;
                queue[tail++] = node;
            }
        }
        int unreached = countUnreached(parent, targets);
        for (int head = 0; head < tail && unreached > 0; head++) {
            int node = queue[head];
            for (long e = heap.referencesStart(node), end = heap.referencesEnd(node); e < end; e++) {
                int next = heap.reference(e);
                if (next >= 0 && parent[next] == UNVISITED) {
                    parent[next] = node;
                    queue[tail++] = next;
                    if (isTarget(next, targets)) {
                        unreached--;
                    }
                }
            }
        }
        return new RetentionPaths(heap, parent, roots);
    }

    private static int countUnreached(int[] parent, int[] targets) {
        int unreached = 0;
        for (int t : targets) {
            unreached += parent[t] == UNVISITED ? 1 : 0;
        }
        return unreached;
    }

    private static boolean isTarget(int node, int[] sortedTargets) {
        return Arrays.binarySearch(sortedTargets, node) >= 0;
    }

    /** Whether a root reaches the node; a node first asked for after the search is none of its targets. */
    boolean reached(int node) {
        return node < parent.length && parent[node] != UNVISITED && parent[node] != BLOCKED;
    }

    /** The nodes from the root's object to {@code node}, root first; empty when no root reaches it. */
    List<Integer> path(int node) {
        if (!reached(node)) {
            return List.of();
        }
        List<Integer> path = new ArrayList<>();
        for (int at = node; ; at = parent[at]) {
            path.add(at);
            if (parent[at] < 0) {
                break;
            }
        }
        Collections.reverse(path);
        return path;
    }

    /** The root whose object is the first node of a {@link #path}. */
    GcRoot root(int rootNode) {
        return roots.get(-2 - parent[rootNode]);
    }

    HeapIndex heap() {
        return heap;
    }
}
