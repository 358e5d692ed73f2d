package io.sockwatch.agent.scan;

import io.sockwatch.agent.report.HistorySample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The scans of the last hour or so at full resolution ({@link #RECENT} samples: an hour at the default 5 s
 * interval), and before that one sample in {@link #COARSEN} for {@link #OLDER} more (12 hours at 5 s). Fixed
 * memory: at most 1,440 samples of about 1 KB. Used under the scanner's lock.
 */
final class History {
    static final int RECENT = 720;
    static final int COARSEN = 12;
    static final int OLDER = 720;

    private final ArrayDeque<HistorySample> recent = new ArrayDeque<>();
    private final ArrayDeque<HistorySample> older = new ArrayDeque<>();
    private long leftRecent;

    void add(HistorySample sample) {
        recent.addLast(sample);
        if (recent.size() > RECENT) {
            HistorySample out = recent.removeFirst();
            if (leftRecent++ % COARSEN == 0) {
                older.addLast(out);
                if (older.size() > OLDER) {
                    older.removeFirst();
                }
            }
        }
    }

    /** Oldest first. */
    List<HistorySample> samples() {
        List<HistorySample> all = new ArrayList<>(older.size() + recent.size());
        all.addAll(older);
        all.addAll(recent);
        return Collections.unmodifiableList(all);
    }
}
