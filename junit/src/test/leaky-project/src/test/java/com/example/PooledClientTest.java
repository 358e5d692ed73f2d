package com.example;

import com.sun.net.httpserver.HttpServer;
import io.sockwatch.junit.SocketLeakCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client whose pool keeps idle connections across tests, as shared clients do. The agent knows the idle
 * connection waits in OkHttp's pool, so only the server's ends of them are allowed, by site; the class closes both
 * in @AfterAll.
 */
class PooledClientTest {
    private static HttpServer server;
    private static OkHttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        client = new OkHttpClient();
    }

    @AfterAll
    static void stop() {
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
        server.stop(0);
    }

    @Test
    @SocketLeakCheck(allow = "sun.net.httpserver.")
    void keepsAnIdlePooledConnection() throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            if (response.code() != 204) {
                throw new AssertionError(response);
            }
        }
    }
}
