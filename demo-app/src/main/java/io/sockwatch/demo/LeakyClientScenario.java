package io.sockwatch.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client-side CLOSE_WAIT: the server closes idle connections, the client forgets to close its end. */
final class LeakyClientScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(LeakyClientScenario.class);
    private static final int CONNECTIONS = 3;
    private static final long SERVER_IDLE_CLOSE_MILLIS = 200;

    /** Forgotten but reachable, like a connection parked in a cache, so the GC cannot close them. */
    private static final List<Socket> FORGOTTEN = new ArrayList<>();

    @Override
    public String name() {
        return "leaky-client";
    }

    @Override
    public String expectation() {
        return "a client opens " + CONNECTIONS + " connections from one line, reads the response and never closes"
                + " them; the server closes each after " + SERVER_IDLE_CLOSE_MILLIS + " ms: expect " + CONNECTIONS
                + " client-side CLOSE_WAIT (leak, one group)";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            CountDownLatch serverClosed = new CountDownLatch(CONNECTIONS);
            HandlerThreads.start(() -> respondThenCloseIdle(serverSocket, serverClosed));
            for (int i = 0; i < CONNECTIONS; i++) {
                // LEAK: the client never closes this socket; after the server's FIN it stays in CLOSE_WAIT
                Socket socket = new Socket(Loopback.HOST, serverSocket.getLocalPort());
                log.info("got '{}'", Wire.readLine(socket));
                FORGOTTEN.add(socket);
            }
            HandlerThreads.await(serverClosed, "the server to close the idle connections");
            log.info("{} client sockets to 127.0.0.1:{} now in CLOSE_WAIT", CONNECTIONS, serverSocket.getLocalPort());
        }
    }

    private static void respondThenCloseIdle(ServerSocket serverSocket, CountDownLatch serverClosed)
            throws IOException, InterruptedException {
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Socket connection = serverSocket.accept()) {
                Wire.writeLine(connection, "200 OK");
                Thread.sleep(SERVER_IDLE_CLOSE_MILLIS);
            }
            serverClosed.countDown();
        }
    }
}
