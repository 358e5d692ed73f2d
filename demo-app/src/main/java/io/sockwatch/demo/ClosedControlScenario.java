package io.sockwatch.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control: a correct exchange that sockwatch must never report. */
final class ClosedControlScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(ClosedControlScenario.class);

    @Override
    public String name() {
        return "closed-control";
    }

    @Override
    public String expectation() {
        return "one line exchanged, both ends closed with try-with-resources: expect nothing reported";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            HandlerThreads.start(() -> echoOnce(serverSocket));
            try (Socket client = new Socket(Loopback.HOST, serverSocket.getLocalPort())) {
                Wire.writeLine(client, "PING");
                log.info("got '{}' from 127.0.0.1:{}", Wire.readLine(client), serverSocket.getLocalPort());
            }
        }
    }

    private static void echoOnce(ServerSocket serverSocket) throws IOException {
        try (Socket connection = serverSocket.accept()) {
            Wire.writeLine(connection, Wire.readLine(connection));
        }
    }
}
