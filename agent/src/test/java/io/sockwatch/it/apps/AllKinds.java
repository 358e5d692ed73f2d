package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Opens one socket of every kind (each on a marked line), snapshots the report, then closes them all. */
public final class AllKinds {

    public static void main(String[] args) throws Exception {
        List<Closeable> open = new ArrayList<>();

        ServerSocket server = new ServerSocket(0, 50, LOOPBACK); // open:server-socket
        open.add(server);
        Socket client = new Socket(LOOPBACK, server.getLocalPort()); // open:client-socket
        open.add(client);
        Socket accepted = server.accept(); // open:accepted-socket
        open.add(accepted);

        Socket late = new Socket(); // no fd yet: created lazily by connect
        late.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort())); // open:late-socket
        open.add(late);
        open.add(server.accept()); // open:accepted-late

        // A layered SSLSocket shares the plain socket's fd: closing it closes that one socket once.
        Socket plain = new Socket(LOOPBACK, server.getLocalPort()); // open:plain-under-ssl
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, LOOPBACK.getHostAddress(), server.getLocalPort(), true);
        open.add(ssl);
        open.add(server.accept()); // open:accepted-ssl

        ServerSocketChannel serverChannel = ServerSocketChannel.open() // open:server-channel
                .bind(new InetSocketAddress(LOOPBACK, 0));
        open.add(serverChannel);
        SocketChannel channel = SocketChannel.open(serverChannel.getLocalAddress()); // open:client-channel
        open.add(channel.socket()); // closing through the adaptor closes the channel once
        open.add(serverChannel.accept()); // open:accepted-channel

        AsynchronousServerSocketChannel asyncServer = AsynchronousServerSocketChannel.open() // open:async-server
                .bind(new InetSocketAddress(LOOPBACK, 0));
        open.add(asyncServer);
        AsynchronousSocketChannel asyncClient = AsynchronousSocketChannel.open(); // open:async-client
        open.add(asyncClient);
        java.util.concurrent.Future<AsynchronousSocketChannel> asyncAccept = asyncServer.accept();
        asyncClient.connect(asyncServer.getLocalAddress()).get();
        open.add(asyncAccept.get());

        // Unix-domain channels are not TCP: sockwatch must ignore them.
        Path unixPath = Paths.get("s.sock").toAbsolutePath(); // in the test's own directory, removed with it
        ServerSocketChannel unixServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(unixPath));
        SocketChannel unixClient = SocketChannel.open(UnixDomainSocketAddress.of(unixPath));
        SocketChannel unixAccepted = unixServer.accept();

        Scenarios.snapshot("open");
        for (Closeable c : open) {
            c.close();
        }
        for (Closeable c : open) {
            c.close(); // a second close must not count twice
        }
        unixAccepted.close();
        unixClient.close();
        unixServer.close();
        Files.deleteIfExists(unixPath);
        Scenarios.snapshot("closed");
    }
}
