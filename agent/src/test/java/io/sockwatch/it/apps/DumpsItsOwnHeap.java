package io.sockwatch.it.apps;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a connected pair of sockets in a static list and its server socket in a local, writes a heap dump of its
 * live objects to {@code args[0]}, prints "dumped" and keeps the sockets open until its stdin closes: a small real
 * dump whose socket fds the test can read from /proc.
 */
public final class DumpsItsOwnHeap {
    static final List<Socket> HELD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HELD.add(new Socket(server.getInetAddress(), server.getLocalPort()));
            HELD.add(server.accept());
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[0], true);
            System.out.println("dumped");
            System.out.flush();
            while (System.in.read() >= 0) {
                // the test reads the fds of the sockets meanwhile
            }
        }
    }
}
