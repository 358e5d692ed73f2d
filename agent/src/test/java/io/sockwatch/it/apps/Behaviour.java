package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;

/**
 * Socket operations whose outcome (result or exception class and message) must be the same with and without
 * the agent. Prints one line per operation.
 */
public final class Behaviour {

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        outcome("connect to a closed port", () -> new Socket(LOOPBACK, closedPort));
        outcome("channel connect to a closed port", () -> SocketChannel.open(new InetSocketAddress(LOOPBACK, closedPort)));
        outcome("accept timeout", () -> {
            server.setSoTimeout(100);
            try {
                return server.accept();
            } finally {
                server.setSoTimeout(0);
            }
        });
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        Socket accepted = server.accept();
        outcome("read timeout", () -> {
            client.setSoTimeout(100);
            return client.getInputStream().read();
        });
        InputStream in = client.getInputStream();
        accepted.getOutputStream().write(42);
        outcome("read a byte", in::read);
        accepted.close();
        outcome("read after the peer closed", in::read);
        client.close();
        outcome("read after close", in::read);
        outcome("write after close", () -> {
            client.getOutputStream().write(1);
            return null;
        });
        outcome("close twice", () -> {
            client.close();
            return client.isClosed();
        });
        outcome("connect a closed socket", () -> {
            client.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            return null;
        });
        SocketChannel channel = SocketChannel.open(server.getLocalSocketAddress());
        server.accept().close();
        outcome("channel read at EOF", () -> channel.read(ByteBuffer.allocate(4)));
        channel.close();
        outcome("channel read after close", () -> channel.read(ByteBuffer.allocate(4)));
        server.close();
        outcome("accept on a closed server", server::accept);
    }

    private static void outcome(String what, Callable<Object> op) {
        String result;
        try {
            Object value = op.call();
            result = value instanceof Socket || value instanceof SocketChannel ? "a socket" : String.valueOf(value);
        } catch (Exception e) {
            result = e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println(what + " -> " + result);
    }
}
