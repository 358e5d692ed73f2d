package io.sockwatch.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The start-up benchmark's application: one loopback connection (a listener, a client, the accepted end), then exit. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            System.out.println("hello " + client.getLocalPort() + " " + accepted.getPort());
        }
    }
}
