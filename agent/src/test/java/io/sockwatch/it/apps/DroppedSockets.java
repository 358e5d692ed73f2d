package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/**
 * Drops a Socket and a SocketChannel in CLOSE_WAIT without closing them, then runs the GC. The JDK's cleaner
 * closes the Socket (it must still do so with the agent); a SocketChannel has no cleaner and stays.
 * Prints {@code key=value} lines the test checks.
 */
public final class DroppedSockets {
    /** Held until CLOSE_WAIT is confirmed, then dropped: a young GC must not close them earlier. */
    private static Socket socket;
    private static SocketChannel channel;

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        openSocket(server);
        openChannel(server);
        int socketPort = socket.getLocalPort();
        int channelPort = channel.socket().getLocalPort();
        waitForCloseWait(socketPort);
        waitForCloseWait(channelPort);
        System.out.println("socketBeforeGc=" + Scenarios.kernelState(socketPort));
        System.out.println("channelBeforeGc=" + Scenarios.kernelState(channelPort));
        socket = null;
        channel = null;

        long deadline = System.currentTimeMillis() + 20_000;
        while ("08".equals(Scenarios.kernelState(socketPort)) && System.currentTimeMillis() < deadline) {
            System.gc();
            Scenarios.sleep(100);
        }
        System.out.println("socketAfterGc=" + Scenarios.kernelState(socketPort));
        System.out.println("channelAfterGc=" + Scenarios.kernelState(channelPort));
        // The scanner briefly holds each owner it reads; a GC at that moment keeps it one cycle longer.
        Scenarios.snapshotWhen("after-gc", "\"lastReclaimedAt\"", 2, System::gc);
        server.close();
    }

    private static void openSocket(ServerSocket server) throws Exception {
        socket = new Socket(LOOPBACK, server.getLocalPort()); // open:dropped-socket
        server.accept().close();
    }

    private static void openChannel(ServerSocket server) throws Exception {
        channel = SocketChannel.open(server.getLocalSocketAddress()); // open:dropped-channel
        server.accept().close();
    }

    private static void waitForCloseWait(int port) throws Exception {
        for (int i = 0; i < 100 && !"08".equals(Scenarios.kernelState(port)); i++) {
            Scenarios.sleep(20);
        }
    }
}
