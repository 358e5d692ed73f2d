package com.example;

import com.sun.net.httpserver.HttpServer;
import io.sockwatch.junit.SocketLeakExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Responses of real HTTP clients, against the JDK's HTTP server started once for the class. */
@ExtendWith(SocketLeakExtension.class)
class HttpClientsTest {
    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void leaksAnApacheHttpClientResponse() throws IOException {
        CloseableHttpClient client = HttpClients.createDefault();
        CloseableHttpResponse response = client.execute(new HttpGet(url)); // leak:httpclient
        if (response.getStatusLine().getStatusCode() != 200) {
            throw new AssertionError(response.getStatusLine());
        }
    }

    @Test
    void leaksAnOkHttpResponse() throws IOException {
        OkHttpClient client = new OkHttpClient();
        Response response = client.newCall(new Request.Builder().url(url).build()).execute(); // leak:okhttp
        if (response.code() != 200) {
            throw new AssertionError(response);
        }
    }

    @Test
    void closesEverything() throws IOException {
        try (CloseableHttpClient client = HttpClients.createDefault();
             CloseableHttpResponse response = client.execute(new HttpGet(url))) {
            EntityUtils.consume(response.getEntity());
        }
        OkHttpClient client = new OkHttpClient();
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            response.body().string();
        }
        client.connectionPool().evictAll(); // the pooled connection is idle: closed here, not leaked
        client.dispatcher().executorService().shutdown();
    }
}
