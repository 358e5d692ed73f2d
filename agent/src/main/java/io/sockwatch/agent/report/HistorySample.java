package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one scan saw, kept for the history: small, at most {@link #SITES} sites per series. Immutable. */
public final class HistorySample {
    /** Sites kept per series and sample, the biggest first: bounds a sample to about 1 KB. */
    static final int SITES = 8;

    public final long atMillis;
    public final Map<TcpState, Integer> states;
    public final Map<String, Integer> closeWaitBySite;
    public final Map<String, Integer> timeWaitBySite;
    public final int openFds;
    public final long fdLimit;

    public HistorySample(long atMillis, Map<TcpState, Integer> states, Map<String, Integer> closeWaitBySite,
                  Map<String, Integer> timeWaitBySite, int openFds, long fdLimit) {
        this.atMillis = atMillis;
        this.states = Collections.unmodifiableMap(new EnumMap<>(states));
        this.closeWaitBySite = Collections.unmodifiableMap(closeWaitBySite);
        this.timeWaitBySite = Collections.unmodifiableMap(timeWaitBySite);
        this.openFds = openFds;
        this.fdLimit = fdLimit;
    }

    public static HistorySample of(LeakReport r) {
        Map<String, Integer> closeWait = new LinkedHashMap<>();
        for (SocketSnapshot s : r.sockets) {
            if (s.tracked && s.state == TcpState.CLOSE_WAIT) {
                Counts.add(closeWait, s.site, 1);
            }
        }
        Map<String, Integer> timeWait = new LinkedHashMap<>();
        for (TimeWaitGroup g : r.timeWait) {
            Counts.add(timeWait, g.site, g.timeWait);
        }
        return new HistorySample(r.generatedAtMillis, r.states.isEmpty() ? new EnumMap<>(TcpState.class) : r.states,
                biggest(closeWait), biggest(timeWait), r.fds.open, r.fds.limit);
    }

    private static Map<String, Integer> biggest(Map<String, Integer> counts) {
        return Collections.unmodifiableMap(Counts.biggestFirst(counts, SITES));
    }
}
