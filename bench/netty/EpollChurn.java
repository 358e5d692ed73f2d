import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Connection churn on Netty's native epoll transport: connect, then close, {@code connections} times per round, on
 * loopback; both ends are epoll channels, so each connection is two tracked channels (the client's and the accepted
 * one). A single-file program: run with Netty on the class path, with and without the agent, alternating (see
 * docs/benchmarks.md). Prints the median and fastest wall and whole-process CPU microseconds per connection.
 */
public final class EpollChurn {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new Sharable())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            Bootstrap client = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new Sharable());
            double[] wall = new double[rounds];
            double[] cpu = new double[rounds];
            for (int round = -3; round < rounds; round++) {
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                for (int c = 0; c < connections; c++) {
                    client.connect(server.localAddress()).sync().channel().close().sync();
                }
                if (round >= 0) {
                    wall[round] = (System.nanoTime() - start) / 1000.0 / connections;
                    cpu[round] = (os.getProcessCpuTime() - cpuStart) / 1000.0 / connections;
                }
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("wall median %.1f us/connection, fastest %.1f; cpu median %.1f us/connection, fastest %.1f%n",
                    wall[rounds / 2], wall[0], cpu[rounds / 2], cpu[0]);
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    /** A handler that does nothing, added to every channel. */
    static final class Sharable extends ChannelInboundHandlerAdapter {
        @Override
        public boolean isSharable() {
            return true;
        }
    }
}
