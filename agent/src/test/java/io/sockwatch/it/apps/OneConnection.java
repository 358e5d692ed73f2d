package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;

/** One loopback connection (a listener, a client, the accepted end), then exit: {@code close} closes all three first, {@code keep} none. */
public final class OneConnection {
    /** {@code keep}: held to the end, else a GC during the exit report could close them through their cleaners. */
    private static Object[] kept;

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        Socket accepted = server.accept();
        System.out.println("connected " + client.getLocalPort() + " " + accepted.getPort());
        if (args[0].equals("close")) {
            accepted.close();
            client.close();
            server.close();
        } else {
            kept = new Object[] {server, client, accepted};
        }
    }
}
