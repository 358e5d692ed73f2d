package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A Netty server on the NIO transport whose handler stops reading after the first message (autoRead off, as
 * back-pressure code does) and never resumes or closes: the peer's FIN is never read, the socket stays in
 * CLOSE_WAIT, and its allocation stack and I/O thread are the event loop's.
 */
public final class NettyStoppedReading {
    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new StopsReading())
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Socket client = new Socket(LOOPBACK, port)) {
            OutputStream out = client.getOutputStream();
            out.write("hello".getBytes());
            out.flush();
            Thread.sleep(300);
        }
        Scenarios.snapshotWhenLeaking("stopped", 1);
        System.exit(0); // the event loop's threads would keep the JVM alive; the leak is in the exit report
    }

    /** The application's handler: back-pressure that is never released. */
    static final class StopsReading extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.channel().config().setAutoRead(false);
        }
    }
}
