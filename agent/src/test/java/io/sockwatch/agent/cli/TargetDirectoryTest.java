package io.sockwatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetDirectoryTest {

    /**
     * The target writes each answer through a staging directory next to it, renamed into place and then removed:
     * the CLI's delete may list that directory just before the JVM removes it. Once such an entry vanishing under
     * the delete made it stop, leaving the reply directories behind in the target's /tmp.
     */
    @Test
    void aStagingDirectoryTheJvmRemovesMeanwhileDoesNotStopTheDelete(@TempDir Path parent) throws Exception {
        TargetJvm self = TargetJvm.of(ProcessHandle.current().pid());
        int left = 0;
        for (int round = 0; round < 200; round++) {
            TargetDirectory dir = TargetDirectory.create(self, parent);
            Path outer = dir.here().getParent();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch writing = new CountDownLatch(1);
            Thread jvm = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) { // what ReportFiles does in the target, over and over
                    Path staging = dir.here().resolve(".reply." + i);
                    try {
                        Files.createDirectory(staging);
                        Files.delete(staging);
                    } catch (IOException goneWithItsParent) {
                        return;
                    } finally {
                        writing.countDown();
                    }
                }
            });
            jvm.start();
            writing.await();
            dir.close();
            stop.set(true);
            jvm.join();
            if (Files.exists(outer)) {
                left++;
                deleteTree(outer);
            }
        }
        assertEquals(0, left, "rounds whose directories were left");
        assertFalse(Files.list(parent).findAny().isPresent());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(p)) {
                    deleteTree(p);
                } else {
                    Files.delete(p);
                }
            }
        }
        Files.delete(dir);
    }
}
