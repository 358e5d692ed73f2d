package io.sockwatch.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.StringTokenizer;

/** TIME_WAIT rows left in this network namespace by loopback connections the client closes first (they last 60 s). */
public final class TimeWaitRows {
    /**
     * From this many rows in the namespace on, sockwatch reads the TCP tables through netlink on Java 22+ (the
     * agent's {@code TcpTables.NETLINK_FROM_ROWS}); below it, /proc.
     */
    public static final int NETLINK_FROM_ROWS = 5_000;

    private TimeWaitRows() {
    }

    /** Leaves {@code count} more TIME_WAIT rows. */
    public static void leave(int count) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < count; i++) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept();
                client.close();
                peer.close();
            }
        }
    }

    /** Tops the namespace up to enough rows for the netlink reader, with room for the rows to expire meanwhile. */
    public static void enoughForNetlink() throws IOException {
        int missing = NETLINK_FROM_ROWS + 1_000 - rowsInNamespace();
        if (missing > 0) {
            leave(missing);
        }
    }

    /** TCP sockets in use plus timewait ones, from /proc/net/sockstat. */
    static int rowsInNamespace() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/net/sockstat"))) {
            if (line.startsWith("TCP:")) {
                int rows = 0;
                StringTokenizer fields = new StringTokenizer(line.substring(4));
                while (fields.hasMoreTokens()) {
                    String name = fields.nextToken();
                    String value = fields.nextToken();
                    if (name.equals("inuse") || name.equals("tw")) {
                        rows += Integer.parseInt(value);
                    }
                }
                return rows;
            }
        }
        throw new IOException("/proc/net/sockstat has no TCP line");
    }
}
