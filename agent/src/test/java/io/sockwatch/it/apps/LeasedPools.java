package io.sockwatch.it.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connections borrowed from real pools and never given back, each at a line other than the one that opened it (the
 * pool lends again a connection an earlier, correct request returned): Apache HttpClient 4 and 5, OkHttp and a
 * relocated copy of it ({@code com.acme.shaded.okhttp3}), against a server that closes idle connections (the leaks
 * end in CLOSE_WAIT); and a Jedis pool (commons-pool2) against a RESP server that keeps them open (ESTABLISHED).
 * HttpClient 4 and 5 and Jedis allow one connection each, so one more thread waits for a lease from each. Beside
 * them a Jedis connection returned correctly, then closed by the server, is idle in its pool in CLOSE_WAIT; and an
 * HttpClient 5 async client's, in ESTABLISHED (an event loop closes a connection as soon as its server does).
 */
public final class LeasedPools {
    /** The leaked responses and resources, kept reachable as an application that forgot them would. */
    private static final List<Object> UNRETURNED = new ArrayList<>();
    private static final int SERVER_IDLE_MILLIS = 1500;

    public static void main(String[] args) throws Exception {
        // the server's idle close comes late enough that each pool lends its connection again before it
        try (IdleClosingHttpServer http = new IdleClosingHttpServer(null, SERVER_IDLE_MILLIS);
             IdleClosingHttpServer keepsOpen = new IdleClosingHttpServer(null, 60_000);
             RespServer redis = new RespServer()) {
            String url = http.url();
            httpClient4(url);
            httpClient5(url);
            okHttp(url);
            shadedOkHttp(url);
            jedis(redis.port());
            httpClient5Async(keepsOpen.url());
            Scenarios.sleep(SERVER_IDLE_MILLIS + 300); // every leaked HTTP connection closed by the server
            Scenarios.snapshotWhen("leased", "\"borrowStack\"", 5, () -> { });
            System.exit(0); // the waiting threads and OkHttp's pool threads would keep the JVM up
        }
    }

    private static void httpClient4(String url) throws Exception {
        org.apache.http.impl.conn.PoolingHttpClientConnectionManager pool =
                new org.apache.http.impl.conn.PoolingHttpClientConnectionManager();
        pool.setMaxTotal(1);
        pool.setDefaultMaxPerRoute(1);
        org.apache.http.impl.client.CloseableHttpClient client =
                org.apache.http.impl.client.HttpClients.custom().setConnectionManager(pool).build();
        try (org.apache.http.client.methods.CloseableHttpResponse ok =
                     client.execute(new org.apache.http.client.methods.HttpGet(url))) { // open:hc4
            org.apache.http.util.EntityUtils.consume(ok.getEntity());
        }
        UNRETURNED.add(client.execute(new org.apache.http.client.methods.HttpGet(url))); // lease:hc4
        waiter("hc4-waiter", () -> client.execute(new org.apache.http.client.methods.HttpGet(url))); // wait:hc4
    }

    private static void httpClient5(String url) throws Exception {
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager pool =
                org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1).setMaxConnPerRoute(1).build();
        org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(pool).build();
        client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url), // open:hc5
                response -> org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity()));
        UNRETURNED.add(client.executeOpen(null, new org.apache.hc.client5.http.classic.methods.HttpGet(url), null)); // lease:hc5
        waiter("hc5-waiter", () -> client.executeOpen(null, // wait:hc5
                new org.apache.hc.client5.http.classic.methods.HttpGet(url), null));
    }

    private static void okHttp(String url) throws Exception {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
        try (okhttp3.Response ok = client.newCall(request).execute()) { // open:okhttp
            ok.body().string();
        }
        UNRETURNED.add(client.newCall(request).execute()); // lease:okhttp
    }

    /** The same, through OkHttp relocated to {@code com.acme.shaded.okhttp3}, called by reflection. */
    private static void shadedOkHttp(String url) throws Exception {
        ClassLoader shaded = new RelocatingLoader("okhttp3", "com.acme.shaded.okhttp3", LeasedPools.class.getClassLoader());
        Object client = shaded.loadClass("com.acme.shaded.okhttp3.OkHttpClient").getConstructor().newInstance();
        Class<?> builderType = shaded.loadClass("com.acme.shaded.okhttp3.Request$Builder");
        Object builder = builderType.getConstructor().newInstance();
        builderType.getMethod("url", String.class).invoke(builder, url);
        Object request = builderType.getMethod("build").invoke(builder);
        java.lang.reflect.Method newCall = client.getClass().getMethod("newCall", request.getClass());
        java.lang.reflect.Method execute = shaded.loadClass("com.acme.shaded.okhttp3.Call").getMethod("execute");
        java.lang.reflect.Method body = shaded.loadClass("com.acme.shaded.okhttp3.Response").getMethod("body");
        java.lang.reflect.Method string = shaded.loadClass("com.acme.shaded.okhttp3.ResponseBody").getMethod("string");
        Object ok = execute.invoke(newCall.invoke(client, request)); // open:shaded
        string.invoke(body.invoke(ok)); // read to the end and closed: the connection goes back to the pool
        UNRETURNED.add(execute.invoke(newCall.invoke(client, request))); // lease:shaded
    }

    private static void jedis(int port) throws Exception {
        redis.clients.jedis.JedisPoolConfig config = new redis.clients.jedis.JedisPoolConfig();
        config.setMaxTotal(1);
        config.setJmxEnabled(false);
        redis.clients.jedis.JedisPool pool = new redis.clients.jedis.JedisPool(config, "127.0.0.1", port);
        try (redis.clients.jedis.Jedis ok = pool.getResource()) { // open:jedis
            ok.ping();
        }
        redis.clients.jedis.Jedis leaked = pool.getResource(); // lease:jedis
        leaked.set("key", "value");
        UNRETURNED.add(leaked);
        waiter("jedis-waiter", () -> pool.getResource()); // wait:jedis

        redis.clients.jedis.JedisPool other = new redis.clients.jedis.JedisPool(config, "127.0.0.1", port);
        try (redis.clients.jedis.Jedis closedByServer = other.getResource()) { // idle:jedis
            closedByServer.echo("close-me");
        }
        UNRETURNED.add(other);
    }

    /**
     * HttpClient 5's async client: its connections are NIO channels, in the same pool classes as the classic one's,
     * whose getters do not lead to them.
     */
    private static void httpClient5Async(String url) throws Exception {
        org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
                        .setConnectionManager(org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder
                                .create().build()).build();
        client.start();
        client.execute(org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(url).build(), null)
                .get(10, TimeUnit.SECONDS);
        UNRETURNED.add(client);
    }

    private static void waiter(String name, java.util.concurrent.Callable<?> borrow) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                UNRETURNED.add(borrow.call());
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        for (int i = 0; i < 200 && t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
