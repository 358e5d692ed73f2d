package io.sockwatch.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CountTrendTest {

    @Test
    void aSteadyGrowthIsItsSlopePerMinuteAndGivesTheTimeToTheLimit() {
        CountTrend fds = new CountTrend(600);
        for (int s = 0; s <= 30; s++) {
            fds.add(s * 1000L, 100 + 2 * s); // 2 fds a second
        }
        double perMinute = fds.growthPerMinute(30_000);
        assertEquals(120.0, perMinute, 1e-6);
        assertEquals(420, FdHeadroom.forecast(160, 1000, perMinute), "840 fds left at 2 a second");
    }

    @Test
    void onlyTheLastMinuteCounts() {
        CountTrend fds = new CountTrend(600);
        for (int s = 0; s <= 120; s++) {
            fds.add(s * 1000L, s <= 60 ? 100 + 10 * s : 700); // grew for a minute, then stopped
        }
        assertEquals(0.0, fds.growthPerMinute(120_000), 1e-6);
        assertEquals(-1, FdHeadroom.forecast(700, 1000, fds.growthPerMinute(120_000)), "not growing: no forecast");
    }

    @Test
    void tooFewScansOrAnUnlimitedLimitGiveNoForecast() {
        CountTrend fds = new CountTrend(600);
        fds.add(0, 10);
        fds.add(1000, 20);
        assertTrue(Double.isNaN(fds.growthPerMinute(1000)), "two scans are no trend");
        assertEquals(-1, FdHeadroom.forecast(20, -1, 600.0), "unlimited");
    }

    @Test
    void aFullTrendForgetsItsOldestSamples() {
        CountTrend fds = new CountTrend(10);
        for (int s = 0; s < 100; s++) {
            fds.add(s * 1000L, s < 90 ? 0 : 10 * (s - 89));
        }
        assertEquals(600.0, fds.growthPerMinute(99_000), 1e-6, "only the last 10 samples: 10 a second");
    }
}
