package io.sockwatch.it.apps;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link AttachTarget} whose user turns its {@code /tmp} against a root CLI, as fast as it can: every directory or
 * file sockwatch creates there it tries to rename and replace with a link to {@code args[0]} (a directory of root's,
 * whose files the CLI must never delete), and every answer or dump with a link to {@code args[1]} (a file of root's
 * the CLI must never read). Prints how many of sockwatch's directories it saw, at {@code stop}.
 */
public final class HostileTmp {

    public static void main(String[] args) throws Exception {
        Path canary = Paths.get(args[0]);
        Path secret = Paths.get(args[1]);
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> seen = new HashSet<>();
        Thread racer = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try (DirectoryStream<Path> tmp = Files.newDirectoryStream(Paths.get("/tmp"), "sockwatch-*")) {
                    for (Path entry : tmp) {
                        String name = entry.getFileName().toString();
                        if (!Files.isSymbolicLink(entry) && seen.add(name)) {
                            n++;
                        }
                        replaceWithLink(entry, canary, n);
                        for (String inner : new String[] {"to-cli", "reply", "heap.hprof"}) {
                            Path file = entry.resolve(inner);
                            replaceWithLink(file, inner.equals("to-cli") ? canary : secret, n);
                            replaceWithLink(entry.resolve("to-cli").resolve(inner), secret, n);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // raced with the CLI: go on
                }
                Thread.onSpinWait();
            }
        }, "racer");
        racer.setDaemon(true);
        racer.start();
        AttachTarget.main(new String[0]);
        stop.set(true);
        racer.join();
        System.out.println("saw " + seen.size());
    }

    /** Moves {@code path} aside (if its user may) and puts a link to {@code to} in its place. */
    private static void replaceWithLink(Path path, Path to, int n) {
        try {
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
                Files.move(path, path.resolveSibling(".moved-" + n + "-" + path.getFileName()));
            }
            Files.createSymbolicLink(path, to);
        } catch (IOException | RuntimeException refused) {
            // not ours to rename, or the CLI was faster
        }
    }
}
