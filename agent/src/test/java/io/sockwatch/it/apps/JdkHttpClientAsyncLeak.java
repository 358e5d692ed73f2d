package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK HttpClient over plain HTTP/1.1 to a loopback keep-alive server. A first {@code sendAsync} reads its response
 * to the end, and the connection (opened on one of the client's worker threads) goes back to the client's pool. A
 * second {@code sendAsync} takes it from there; the server answers it with the head of a response and part of its
 * body, then closes. The application takes that body as an InputStream and never reads or closes it: the client
 * stops reading with the FIN unread, in CLOSE_WAIT for ever. The leak is the second call's.
 */
public final class JdkHttpClientAsyncLeak {
    private static final List<HttpResponse<InputStream>> FORGOTTEN = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Thread answering = new Thread(() -> serve(server), "http-server");
        answering.setDaemon(true);
        answering.start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"))
                .build();
        String first = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get().body(); // call:first
        Scenarios.sleep(200); // the client puts the connection back in its pool once the body is complete
        FORGOTTEN.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get()); // call:sendAsync
        System.out.println("first body " + first);
        Scenarios.snapshotWhenLeaking("leaked", 1);
    }

    /** Answers the first request in full on a kept-alive connection, and the second with half a body. */
    private static void serve(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100]);
            out.flush();
        } catch (IOException e) {
            // the client left
        }
    }

    private static void readHead(InputStream in) throws IOException {
        while (!readLine(in).isEmpty()) {
            // a request line or header
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
