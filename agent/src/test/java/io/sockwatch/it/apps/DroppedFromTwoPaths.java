package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops sockets opened at one line reached through two callers (two allocation stacks, one site), then runs
 * the GC until sockwatch has seen every one reclaimed.
 */
public final class DroppedFromTwoPaths {
    public static final int FIRST_PATH = 3;
    public static final int SECOND_PATH = 2;

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        List<Socket> dropped = new ArrayList<>();
        for (int i = 0; i < FIRST_PATH; i++) {
            dropped.add(viaFirstPath(server.getLocalPort()));
        }
        for (int i = 0; i < SECOND_PATH; i++) {
            dropped.add(viaSecondPath(server.getLocalPort()));
        }
        dropped.clear();
        Scenarios.snapshotWhen("after-gc", "\"reclaimedWithoutClose\":{\"SOCKET\":" + (FIRST_PATH + SECOND_PATH) + ",", 1,
                System::gc);
        server.close();
    }

    private static Socket viaFirstPath(int port) throws IOException {
        return open(port);
    }

    private static Socket viaSecondPath(int port) throws IOException {
        return open(port);
    }

    private static Socket open(int port) throws IOException {
        return new Socket(LOOPBACK, port); // open:shared-site
    }
}
