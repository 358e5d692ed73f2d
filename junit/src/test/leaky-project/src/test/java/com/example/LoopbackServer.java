package com.example;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A server tests share: each accepted connection is read to EOF, then closed, as a well-behaved server does. */
final class LoopbackServer implements AutoCloseable {
    private final ServerSocket socket;

    LoopbackServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "loopback-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (true) {
            try {
                Socket accepted = socket.accept();
                Thread handler = new Thread(() -> readToEofAndClose(accepted), "loopback-handler");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void readToEofAndClose(Socket accepted) {
        try (Socket s = accepted; InputStream in = s.getInputStream()) {
            while (in.read() >= 0) {
                // until the client closes
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
