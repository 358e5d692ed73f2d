package io.sockwatch.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.report.HistorySample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static HistorySample at(long millis) {
        return new HistorySample(millis, Map.of(TcpState.CLOSE_WAIT, 1), Map.of(), Map.of(), 10, 100);
    }

    @Test
    void keepsTheRecentScansAllAndOlderOnesOneInTwelveWithinAFixedSize() {
        History history = new History();
        int added = History.RECENT + History.COARSEN * History.OLDER + 5_000;
        for (int i = 0; i < added; i++) {
            history.add(at(i));
        }
        List<HistorySample> samples = history.samples();
        assertEquals(History.RECENT + History.OLDER, samples.size(), "bounded");
        for (int i = 1; i < History.OLDER; i++) {
            assertEquals(History.COARSEN, samples.get(i).atMillis - samples.get(i - 1).atMillis, "older: one in 12");
        }
        for (int i = History.OLDER + 1; i < samples.size(); i++) {
            assertEquals(1, samples.get(i).atMillis - samples.get(i - 1).atMillis, "recent: every scan");
        }
        assertEquals(added - 1, samples.get(samples.size() - 1).atMillis, "the newest is last");
    }

    @Test
    void beforeItIsFullEveryScanIsKeptInOrder() {
        History history = new History();
        for (int i = 0; i < 10; i++) {
            history.add(at(i));
        }
        assertEquals(10, history.samples().size());
        assertEquals(0, history.samples().get(0).atMillis);
    }
}
