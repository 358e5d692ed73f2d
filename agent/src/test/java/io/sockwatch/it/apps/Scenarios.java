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

    /** Starts a peer that accepts one connection, writes a byte and closes: the client is left in CLOSE_WAIT. */
    static Thread peerClosingAfterOneByte(java.net.ServerSocket server) {
        Thread peer = new Thread(() -> {
            try (java.net.Socket s = server.accept()) {
                s.getOutputStream().write(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        peer.start();
        return peer;
    }

    /**
     * Waits until sockwatch has written its JSON report twice more (so at least one whole scan started after
     * this call), then copies it to {@code name.json} beside it for the test to read.
     */
    static void snapshot(String name) {
        String property = System.getProperty("sockwatch.it.json");
        if (property == null) {
            return; // running without the agent
        }
        Path json = Paths.get(property);
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

    /**
     * Waits (up to 30 s, for slow CI machines) until sockwatch's JSON report counts {@code leakedSockets} leaked
     * sockets, then copies it to {@code name.json}.
     */
    static void snapshotWhenLeaking(String name, int leakedSockets) {
        snapshotWhen(name, "\"leak\":true", leakedSockets, () -> { });
    }

    /**
     * Runs {@code meanwhile} every 20 ms until sockwatch's JSON report contains {@code marker} {@code times} times
     * (at most 30 s), then copies it to {@code name.json}.
     */
    static void snapshotWhen(String name, String marker, int times, Runnable meanwhile) {
        String property = System.getProperty("sockwatch.it.json");
        if (property == null) {
            return; // running without the agent
        }
        Path json = Paths.get(property);
        long deadline = System.currentTimeMillis() + 30_000;
        try {
            while (System.currentTimeMillis() < deadline) {
                if (Files.exists(json) && count(Files.readString(json), marker) >= times) {
                    break;
                }
                meanwhile.run();
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshot(name);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The kernel state code (hex, e.g. "08" for CLOSE_WAIT) of the TCP socket bound to {@code localPort}, or
     * null when there is none. Parsed here independently of sockwatch, so tests can check it against the kernel.
     */
    static String kernelState(int localPort) throws IOException {
        String port = String.format(":%04X", localPort);
        for (String file : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            for (String line : Files.readAllLines(Paths.get(file))) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 9 && cols[1].endsWith(port) && !"0".equals(cols[9])) {
                    return cols[3];
                }
            }
        }
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
