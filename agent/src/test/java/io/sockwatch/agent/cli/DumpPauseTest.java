package io.sockwatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpPauseTest {
    private static final long GB = 1_000_000_000L;

    @TempDir
    Path proc;

    /** The figures of docs/benchmarks.md (quiet test VM, 2.4 GB threshold at 24 GB available). */
    @Test
    void aDumpUnderTheWritebackThresholdIsFastAndOneOverItIsThrottled() {
        long threshold = 2_400_000_000L;
        assertEquals(0.55, DumpPause.seconds(GB, 1_150_000_000L, false, threshold), 0.1, "17, 1 GB: 0.47 s measured");
        assertEquals(0.45, DumpPause.seconds(GB, 1_150_000_000L, true, threshold), 0.1, "25, 1 GB: 0.39 s measured");
        double serial4 = DumpPause.seconds(4 * GB, 4_600_000_000L, false, threshold);
        assertTrue(serial4 > 8 && serial4 < 12, serial4 + " s; 17, 4 GB: 11.2 s measured");
        double more = DumpPause.seconds(4 * GB, 4_600_000_000L, false, 6 * GB);
        assertTrue(more < 2.5, "the same dump on a host whose threshold holds it: " + more + " s");
        assertTrue(DumpPause.seconds(GB, GB, false, 0) > DumpPause.seconds(GB, GB, false, threshold),
                "an unknown threshold plans the slow case");
    }

    @Test
    void theThresholdIsTheBytesSettingElseTheRatioOfAvailableMemory() throws IOException {
        Files.createDirectories(proc.resolve("sys/vm"));
        Files.writeString(proc.resolve("sys/vm/dirty_background_bytes"), "0\n");
        Files.writeString(proc.resolve("sys/vm/dirty_background_ratio"), "10\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24683748 kB\nMemFree:        23837432 kB\n"
                + "MemAvailable:   20000000 kB\nBuffers:          100 kB\n");
        assertEquals(20_000_000L * 1024 / 100 * 10, DumpPause.backgroundDirtyBytes(proc));

        Files.writeString(proc.resolve("sys/vm/dirty_background_bytes"), "268435456\n");
        assertEquals(268_435_456L, DumpPause.backgroundDirtyBytes(proc));

        Files.writeString(proc.resolve("sys/vm/dirty_background_bytes"), "garbage\n");
        assertEquals(0, DumpPause.backgroundDirtyBytes(proc), "unreadable: the slow case");
    }

    @Test
    void thePlanPrintsTwoSignificantDigits() {
        assertEquals(0.12, ExplainCommand.twoDigits(0.1151));
        assertEquals(0.55, ExplainCommand.twoDigits(0.5549));
        assertEquals(12.0, ExplainCommand.twoDigits(11.96));
        assertEquals(130.0, ExplainCommand.twoDigits(127.3));
    }

    /** The real files: a sysctl read at an offset returns nothing, so a reader in pieces saw "1" of "10". */
    @Test
    void thisHostsThresholdIsReadWhole() throws IOException {
        Path real = Paths.get("/proc");
        long bytes = Long.parseLong(Files.readAllLines(real.resolve("sys/vm/dirty_background_bytes")).get(0).trim());
        long ratio = Long.parseLong(Files.readAllLines(real.resolve("sys/vm/dirty_background_ratio")).get(0).trim());
        long available = 0;
        for (String line : Files.readAllLines(real.resolve("meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                available = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        long expected = bytes > 0 ? bytes : available / 100 * ratio;
        long read = DumpPause.backgroundDirtyBytes(real);
        assertTrue(Math.abs(read - expected) < expected / 20 + 1, read + " bytes read, " + expected + " expected");
    }
}
