package io.sockwatch.agent.correlation;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.registry.SocketRecord;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What one scan learnt by joining the records with the kernel's tables. Immutable. */
public final class Correlation {
    private final List<SocketRecord> tracked;
    private final List<UnattributedSocket> unattributed;
    private final List<Lingering> lingering;
    private final Map<TcpState, Integer> namespaceStates;
    private final String kernelProblem;
    private final String kernelReader;

    Correlation(List<SocketRecord> tracked, List<UnattributedSocket> unattributed, List<Lingering> lingering,
                Map<TcpState, Integer> namespaceStates, String kernelProblem, String kernelReader) {
        this.tracked = Collections.unmodifiableList(tracked);
        this.unattributed = Collections.unmodifiableList(unattributed);
        this.lingering = Collections.unmodifiableList(lingering);
        this.namespaceStates = namespaceStates;
        this.kernelProblem = kernelProblem;
        this.kernelReader = kernelReader;
    }

    /**
     * The live sockets in the order given, then the orphans the kernel still has, each with the observation this scan
     * left in {@link SocketRecord#kernel()} (never null here), whose {@code local()} is the one to report.
     */
    public List<SocketRecord> tracked() {
        return tracked;
    }

    public List<UnattributedSocket> unattributed() {
        return unattributed;
    }

    /** The TIME_WAIT and orphaned FIN_WAIT rows that connections this process closed first left behind. */
    public List<Lingering> lingering() {
        return lingering;
    }

    /** Rows per state of the whole network namespace; empty without kernel states. */
    public Map<TcpState, Integer> namespaceStates() {
        return namespaceStates;
    }

    /** Why kernel states are unavailable, or null when they were read. */
    public String kernelProblem() {
        return kernelProblem;
    }

    /** What read the kernel's tables ("proc" or "netlink"), or null when they were not read. */
    public String kernelReader() {
        return kernelReader;
    }
}
