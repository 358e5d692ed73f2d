package io.sockwatch.agent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

    @Test
    void printsWhatInstantPrintsAtMillisecondPrecision() {
        long[] edges = {0, 1, 999, 1000, -1, -86_400_000L, 951_782_400_000L /* 2000-02-29 */,
                4_107_542_400_000L /* 2100-03-01 */, Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), 1_796_685_245_120L};
        for (long millis : edges) {
            assertEquals(Instant.ofEpochMilli(millis).toString(), UtcTime.of(millis), "at " + millis);
        }
        long first = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(first, last + 1);
            // whole seconds, as many reports print, take the branch without a fraction
            if (i % 4 == 0) {
                millis -= Math.floorMod(millis, 1000);
            }
            assertEquals(Instant.ofEpochMilli(millis).toString(), UtcTime.of(millis), "at " + millis);
        }
    }
}
