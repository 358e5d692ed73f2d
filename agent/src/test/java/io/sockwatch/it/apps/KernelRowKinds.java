package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Sockets whose kernel rows carry the columns sockwatch reports, whichever reader it uses: an IPv6 listener with a
 * connection waiting in its accept queue, an IPv6 connection with 100 bytes unread, an IPv4 connection. Closes
 * nothing before the snapshot (so no TIME_WAIT row can be its own). Prints the local ports as
 * {@code ports <listener6> <unread> <waiting> <ipv4>}, then snapshots the report as {@code rows}.
 */
public final class KernelRowKinds {

    public static void main(String[] args) throws Exception {
        InetAddress ipv6 = InetAddress.getByName("::1");
        try (ServerSocket listener6 = new ServerSocket(0, 50, ipv6);
             ServerSocket listener4 = new ServerSocket(0, 50, LOOPBACK);
             Socket unread = new Socket(ipv6, listener6.getLocalPort());
             Socket unreadPeer = listener6.accept();
             Socket waiting = new Socket(ipv6, listener6.getLocalPort()); // never accepted
             Socket ipv4 = new Socket(LOOPBACK, listener4.getLocalPort());
             Socket ipv4Peer = listener4.accept()) {
            OutputStream out = unreadPeer.getOutputStream();
            out.write(new byte[100]);
            out.flush();
            System.out.println("ports " + listener6.getLocalPort() + " " + unread.getLocalPort() + " "
                    + waiting.getLocalPort() + " " + ipv4.getLocalPort());
            Scenarios.sleep(300);
            Scenarios.snapshot("rows");
        }
    }
}
