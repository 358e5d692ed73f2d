package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.ThreadUse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-pool starvation: connections a server accepted that no thread ever read, left in CLOSE_WAIT when their
 * clients gave up, because every worker of the server was busy elsewhere (an upstream call without a read timeout).
 * Their stacks are the server's acceptor's and no thread touched them, so the code to name is where the server's
 * workers are: the threads that did the last I/O on the server's other accepted connections, grouped by where they are
 * now. Immutable.
 */
public final class WaitingForWorkers {
    /** The server's address: the local end of the connections it accepted (of the oldest, if they differ). */
    public final String server;
    /** The server's workers by where they are now, most threads first. */
    public final List<Workers> workers;

    private WaitingForWorkers(String server, List<Workers> workers) {
        this.server = server;
        this.workers = Collections.unmodifiableList(workers);
    }

    /**
     * A connection waiting for a worker: accepted by library code (no application frame opened it), in CLOSE_WAIT
     * past the threshold, and never read, written or handed to anyone by any thread since.
     */
    public static boolean isWaiting(SocketSnapshot s) {
        return s.leak && !s.stalled && s.state == TcpState.CLOSE_WAIT && s.lastIo == null && s.caller.isEmpty()
                && s.local != null
                && isAccepted(s.kind) && s.site.endsWith(Sites.NO_APPLICATION_FRAME);
    }

    /**
     * The server of an accepted connection: its local port, which is the listening socket's. Not the whole address: a
     * server listening on every interface serves each connection on the address the client reached.
     */
    public static String serverOf(String local) {
        return local.substring(local.lastIndexOf(':') + 1);
    }

    public static boolean isAccepted(String kind) {
        return kind.equals(SocketKind.ACCEPTED_SOCKET.name()) || kind.equals(SocketKind.ACCEPTED_SOCKET_CHANNEL.name())
                || kind.equals(SocketKind.ACCEPTED_ASYNC_SOCKET_CHANNEL.name());
    }

    /**
     * The server at {@code server} and where its {@code workers} (the last users of its accepted connections) are now;
     * their current stacks are taken here, once per scan that finds connections waiting.
     */
    public static WaitingForWorkers of(String server, Set<ThreadUse> workers, ThreadSnapshots threads,
                                       FrameFilter filter) {
        Map<List<String>, List<ThreadSnapshot>> byPlace = new LinkedHashMap<>();
        Map<List<String>, String> pools = new LinkedHashMap<>();
        for (ThreadUse use : workers) {
            ThreadSnapshot t = threads.of(use, true);
            String at = t.stack.isEmpty() ? "(thread ended)" : Sites.describe(t.stack, filter);
            List<String> key = List.of(at, t.state);
            byPlace.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            String pool = use.pool();
            pools.merge(key, pool, (known, other) -> known.equals(other) ? known : "(several)");
        }
        List<Workers> groups = new ArrayList<>();
        byPlace.forEach((key, ts) -> groups.add(new Workers(key.get(0), key.get(1), pools.get(key), ts)));
        groups.sort(Comparator.comparingInt((Workers w) -> -w.threads.size()));
        return new WaitingForWorkers(server, groups);
    }

    /** Workers of one server at one place, in one thread state. */
    public static final class Workers {
        /** Their first application frame, or the first frame past the JDK's plumbing marked "(no application frame)". */
        public final String at;
        public final String state;
        /** Their thread names with numbers masked ({@code http-nio-#-exec-#}), or "(several)". */
        public final String threadPool;
        public final List<ThreadSnapshot> threads;

        Workers(String at, String state, String threadPool, List<ThreadSnapshot> threads) {
            this.at = at;
            this.state = state;
            this.threadPool = threadPool;
            this.threads = Collections.unmodifiableList(threads);
        }
    }
}
