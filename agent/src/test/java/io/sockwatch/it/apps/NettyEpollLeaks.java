package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Netty's native epoll transport, whose sockets are made in native code, leaking on both sides: a server whose
 * handler ignores the peer's half-close (ALLOW_HALF_CLOSURE), and a client connection the application drops after
 * the server closed it. Both stay in CLOSE_WAIT.
 */
public final class NettyEpollLeaks {
    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (ServerSocket closesAtOnce = new ServerSocket(0, 50, LOOPBACK)) {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new IgnoresHalfClose())
                    .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
            new Socket(LOOPBACK, ((InetSocketAddress) server.localAddress()).getPort()).close();

            Bootstrap client = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true).handler(new IgnoresHalfClose());
            client.connect(closesAtOnce.getLocalSocketAddress()).sync(); // open:epoll-client
            closesAtOnce.accept().close();

            Scenarios.snapshotWhenLeaking("epoll", 2);
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The application's handler: sees the half-close and does nothing about it. */
    public static final class IgnoresHalfClose extends ChannelInboundHandlerAdapter {
        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            // ChannelInputShutdownEvent: the peer closed; the channel stays open
        }
    }
}
