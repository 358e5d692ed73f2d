package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started without sockwatch that leaks a client socket, prints "ready", and leaks another one each time
 * the test creates the file {@code leak-<n>} in its working directory (printing "leaked-<n>"), until {@code stop}.
 */
public final class AttachTarget {
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        leakBeforeAttach(server);
        System.out.println("ready");
        Path dir = Paths.get("").toAbsolutePath();
        long deadline = System.currentTimeMillis() + 120_000;
        for (int n = 1; !Files.exists(dir.resolve("stop")) && System.currentTimeMillis() < deadline; ) {
            if (Files.exists(dir.resolve("leak-" + n))) {
                leakAfterAttach(server);
                System.out.println("leaked-" + n);
                n++;
            }
            Scenarios.sleep(20);
        }
    }

    private static void leakBeforeAttach(ServerSocket server) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, server.getLocalPort())); // open:before-attach
        server.accept().close();
    }

    private static void leakAfterAttach(ServerSocket server) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, server.getLocalPort())); // open:after-attach
        server.accept().close();
    }
}
