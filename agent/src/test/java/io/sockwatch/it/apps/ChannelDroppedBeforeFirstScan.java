package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.lang.ref.WeakReference;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Drops a SocketChannel in CLOSE_WAIT and lets the GC reclaim it before sockwatch's first scan (run it with a
 * long interval). The channel has no cleaner, so its fd and kernel socket stay; sockwatch must still report the
 * leak at the line that opened it. Prints {@code key=value} lines the test checks.
 */
public final class ChannelDroppedBeforeFirstScan {

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        int[] port = new int[1];
        WeakReference<SocketChannel> dropped = openAndDrop(server, port);
        for (int i = 0; i < 100 && !"08".equals(Scenarios.kernelState(port[0])); i++) {
            Scenarios.sleep(5);
        }
        System.out.println("stateBeforeGc=" + Scenarios.kernelState(port[0]));
        for (int i = 0; i < 20 && dropped.get() != null; i++) {
            System.gc();
            Scenarios.sleep(10);
        }
        String json = System.getProperty("sockwatch.it.json");
        boolean scanned = json != null && Files.exists(Paths.get(json));
        System.out.println("reclaimedBeforeFirstScan=" + (dropped.get() == null && !scanned));
        System.out.println("stateAfterGc=" + Scenarios.kernelState(port[0]));
        Scenarios.snapshotWhenLeaking("leaked", 1);
        server.close();
    }

    private static WeakReference<SocketChannel> openAndDrop(ServerSocket server, int[] port) throws Exception {
        SocketChannel channel = SocketChannel.open(server.getLocalSocketAddress()); // open:dropped-early-channel
        server.accept().close();
        port[0] = channel.socket().getLocalPort();
        return new WeakReference<>(channel);
    }
}
