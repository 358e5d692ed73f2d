package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A Netty server on the native epoll transport that allows half-closure and whose handler ignores the peer's FIN:
 * the accepted socket, made in native code, stays in CLOSE_WAIT. Prints "stuck", exits when a file "stop" appears.
 */
public final class NettyEpollHalfClosed {
    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new IgnoresHalfClose())
                    .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            new Socket(LOOPBACK, port).close();
            Thread.sleep(500);
            System.out.println("stuck");
            while (!Files.exists(Paths.get("stop"))) {
                Thread.sleep(50);
            }
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The application's handler: sees the half-close and does nothing about it. */
    static final class IgnoresHalfClose extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                System.out.println("peer closed; ignored");
            }
        }
    }
}
