package io.sockwatch.agent.explain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains CLOSE_WAIT sockets from a heap dump, in this process: one pass indexes the dump, the owners of the
 * sockets' fds are looked up among the socket objects, and one breadth-first search, over the objects that can
 * reach them, finds how each is held.
 */
public final class HeapDumpAnalysis {
    private final List<SocketExplanation> sockets;
    private final Map<SuspectSocket, SocketExplanation> bySocket = new IdentityHashMap<>();
    private final int objects;

    private HeapDumpAnalysis(List<SocketExplanation> sockets, int objects) {
        this.sockets = List.copyOf(sockets);
        this.objects = objects;
        sockets.forEach(e -> bySocket.put(e.socket(), e));
    }

    /** IOException with a readable message when the file is no HPROF dump, is truncated or cannot be read. */
    public static HeapDumpAnalysis of(Path dump, List<SuspectSocket> suspects) throws IOException {
        try (HeapIndex heap = HeapIndex.read(dump, SocketOwner.CLASSES)) {
            Set<Integer> fds = new HashSet<>();
            suspects.forEach(s -> fds.add(s.fd()));
            Map<Integer, List<SocketOwner>> owners = SocketOwner.find(heap, fds);
            int[] targets = owners.values().stream().flatMap(List::stream).mapToInt(SocketOwner::node).toArray();
            RetentionPaths paths = RetentionPaths.search(heap, targets);
            RetentionDescriber describer = new RetentionDescriber(paths);
            Map<Integer, Retention> otherHolders = OtherHolders.find(paths, targets);
            List<SocketExplanation> explained = new ArrayList<>();
            for (SuspectSocket suspect : suspects) {
                List<SocketOwner> candidates = owners.getOrDefault(suspect.fd(), List.of());
                explained.add(explain(suspect, candidates, paths, describer, otherHolders));
            }
            return new HeapDumpAnalysis(explained, (int) Math.min(Integer.MAX_VALUE, heap.objectCount()));
        }
    }

    private static SocketExplanation explain(SuspectSocket suspect, List<SocketOwner> candidates,
                                             RetentionPaths paths, RetentionDescriber describer,
                                             Map<Integer, Retention> otherHolders) throws IOException {
        if (candidates.isEmpty()) {
            return new SocketExplanation(suspect, SocketExplanation.Verdict.NO_JAVA_OWNER, null, null, null);
        }
        // the application's object (a Socket) before its impl, but any held one before an unreachable one
        for (SocketOwner owner : candidates) {
            if (paths.reached(owner.node())) {
                return new SocketExplanation(suspect, SocketExplanation.Verdict.HELD, owner.className(),
                        describer.describe(owner.node()), otherHolders.get(owner.node()));
            }
        }
        return new SocketExplanation(suspect, SocketExplanation.Verdict.UNREACHABLE, candidates.get(0).className(),
                null, null);
    }

    public List<SocketExplanation> sockets() {
        return sockets;
    }

    /** The explanation of one of the sockets analysed. */
    public SocketExplanation explanation(SuspectSocket socket) {
        SocketExplanation explained = bySocket.get(socket);
        if (explained == null) {
            throw new IllegalArgumentException("not analysed: fd " + socket.fd());
        }
        return explained;
    }

    /** Objects in the dump (instances and arrays). */
    public int objects() {
        return objects;
    }
}
