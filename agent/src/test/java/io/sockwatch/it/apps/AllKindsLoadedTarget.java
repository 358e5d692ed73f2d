package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A JVM started without sockwatch that has loaded every JDK socket class sockwatch hooks (socket, channel, server
 * channel, asynchronous channels) before it prints "ready"; exits when a file {@code stop} appears.
 */
public final class AllKindsLoadedTarget {
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
             Socket socket = new Socket(LOOPBACK, server.getLocalPort());
             Socket accepted = server.accept();
             ServerSocketChannel serverChannel = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel channel = SocketChannel.open(serverChannel.getLocalAddress());
             SocketChannel acceptedChannel = serverChannel.accept();
             AsynchronousServerSocketChannel asyncServer = AsynchronousServerSocketChannel.open()
                     .bind(new InetSocketAddress(LOOPBACK, 0));
             AsynchronousSocketChannel async = AsynchronousSocketChannel.open()) {
            async.connect(asyncServer.getLocalAddress()).get();
            asyncServer.accept().get().close();
            System.out.println("ready");
            while (!Files.exists(Paths.get("stop"))) {
                Scenarios.sleep(20);
            }
        }
    }
}
