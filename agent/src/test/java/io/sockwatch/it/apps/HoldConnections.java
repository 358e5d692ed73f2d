package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A peer process that accepts and holds every connection (so the JVM under test can use all its fds). */
public final class HoldConnections {

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(0, 4096, LOOPBACK);
        System.out.println("port=" + server.getLocalPort());
        System.out.flush();
        List<Socket> held = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 300_000;
        server.setSoTimeout(1000);
        while (System.currentTimeMillis() < deadline && !java.nio.file.Files.exists(java.nio.file.Paths.get("stop"))) {
            try {
                held.add(server.accept());
            } catch (java.net.SocketTimeoutException idle) {
                // check for stop
            }
        }
    }
}
