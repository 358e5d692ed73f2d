package io.sockwatch.it.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

/** Helpers for scenario programs that run inside the JVM under test. */
final class Scenarios {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Scenarios() {
    }

    /**
     * Waits until sockwatch has written its JSON report twice more (so at least one whole scan started after
     * this call), then copies it to {@code name.json} beside it for the test to read.
     */
    static void snapshot(String name) {
        Path json = Paths.get(System.getProperty("sockwatch.it.json"));
        try {
            FileTime last = Files.exists(json) ? Files.getLastModifiedTime(json) : FileTime.fromMillis(0);
            for (int writes = 0; writes < 2; ) {
                Thread.sleep(20);
                FileTime now = Files.exists(json) ? Files.getLastModifiedTime(json) : last;
                if (now.compareTo(last) > 0) {
                    writes++;
                    last = now;
                }
            }
            Files.copy(json, json.resolveSibling(name + ".json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
