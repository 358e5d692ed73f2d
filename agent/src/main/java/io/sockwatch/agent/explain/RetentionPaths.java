package io.sockwatch.agent.explain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Shortest paths from the GC roots to a few objects: one breadth-first search over the index, seeded with the
 * locals of threads' frames first (so that of equally short paths the one through a stack wins: it names code),
 * then static fields, threads and the VM's roots; it stops once every target is reached.
 */
final class RetentionPaths {
    private static final int UNVISITED = -1;

    private final HeapIndex heap;
    /** Per node: UNVISITED, the node it was reached from, or {@code -2 - i} for the i-th root of {@link #roots}. */
    private final int[] parent;
    private final List<GcRoot> roots;

    private RetentionPaths(HeapIndex heap, int[] parent, List<GcRoot> roots) {
        this.heap = heap;
        this.parent = parent;
        this.roots = roots;
    }

    static RetentionPaths search(HeapIndex heap, int[] targetNodes) throws IOException {
        heap.keepPathsTo(targetNodes);
        int[] targets = Arrays.stream(targetNodes).distinct().sorted().toArray();
        List<GcRoot> roots = new ArrayList<>(heap.roots());
        roots.sort((a, b) -> a.kind().compareTo(b.kind()));
        int nodes = heap.nodeCount();
        int[] parent = new int[nodes];
        Arrays.fill(parent, UNVISITED);
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
        return node < parent.length && parent[node] != UNVISITED;
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
