package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The passive-close hang: an acceptor hands each connection to a worker, which answers and then hangs in
 * Thread.sleep without closing. The client closes; the server side stays in CLOSE_WAIT, held by the worker.
 */
public final class PassiveCloseHang {

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        ExecutorService workers = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "worker-1");
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(() -> acceptLoop(server, workers), "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();

        try (Socket client = new Socket(LOOPBACK, server.getLocalPort())) {
            client.getOutputStream().write("GET /slow\n".getBytes(StandardCharsets.US_ASCII));
            new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } // the client closes: the server's socket goes to CLOSE_WAIT
        Scenarios.snapshotWhenLeaking("hung", 1);
    }

    static void acceptLoop(ServerSocket server, ExecutorService workers) {
        try {
            while (true) {
                Socket connection = server.accept(); // open:accepted
                workers.execute(() -> handle(connection));
            }
        } catch (IOException e) {
            // server closed
        }
    }

    static void handle(Socket connection) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.US_ASCII));
            in.readLine();
            OutputStream out = connection.getOutputStream();
            out.write("ok\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(600_000); // hang
        } catch (IOException | InterruptedException e) {
            // not reached in the scenario
        }
    }
}
