package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Runs every library hook once the agent is attached: a request through each recognised pool (HttpClient 4 and 5,
 * OkHttp, HttpURLConnection) and a Netty epoll connection, all kept. Prints "ready", waits for a file "go", prints
 * "used", and exits when a file "stop" appears.
 */
public final class LibrariesAfterAttach {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        awaitFile("go");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (IdleClosingHttpServer server = new IdleClosingHttpServer()) {
            String url = server.url();
            org.apache.http.impl.client.CloseableHttpClient hc4 = org.apache.http.impl.client.HttpClients.createDefault();
            try (org.apache.http.client.methods.CloseableHttpResponse r =
                         hc4.execute(new org.apache.http.client.methods.HttpGet(url))) {
                org.apache.http.util.EntityUtils.consume(r.getEntity());
            }
            org.apache.hc.client5.http.impl.classic.CloseableHttpClient hc5 =
                    org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
            hc5.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url),
                    r -> org.apache.hc.core5.http.io.entity.EntityUtils.toString(r.getEntity()));
            okhttp3.OkHttpClient ok = new okhttp3.OkHttpClient();
            try (okhttp3.Response r = ok.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
                r.body().string();
            }
            try (InputStream in = new URL(url).openConnection().getInputStream()) {
                in.readAllBytes();
            }
            new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new ChannelInboundHandlerAdapter())
                    .connect(server.address()).sync();
            System.out.println("used");
            awaitFile("stop");
            ok.dispatcher().executorService().shutdown();
            ok.connectionPool().evictAll();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static void awaitFile(String name) throws InterruptedException {
        while (!Files.exists(Paths.get(name))) {
            Thread.sleep(20);
        }
    }
}
