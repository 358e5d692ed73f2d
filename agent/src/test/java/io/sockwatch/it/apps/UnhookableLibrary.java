package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import io.sockwatch.it.apps.shaded.okhttp3.internal.connection.RealCall;
import java.net.ServerSocket;
import java.net.Socket;

/** Loads a library class sockwatch cannot instrument, then opens a connection, snapshots the report and closes it. */
public final class UnhookableLibrary {

    public static void main(String[] args) throws Exception {
        new RealCall().acquireConnection(null, false);
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, server.getLocalPort()); // open:unhookable-client
             Socket accepted = server.accept()) {
            Scenarios.snapshot("open");
        }
    }
}
