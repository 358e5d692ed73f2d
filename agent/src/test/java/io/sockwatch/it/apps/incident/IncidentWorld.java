package io.sockwatch.it.apps.incident;

import io.sockwatch.it.apps.AcceptLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The service's upstream and clients, in their own JVM. The upstream answers {@code LOOKUP} with {@code ERR} and
 * hangs up, and {@code REPORT} with 400 KB of lines, keeping the connection. The clients call each endpoint; those of
 * {@code /cached} give up after a second. Prints {@code upstream <port>}, then {@code done}; exits when the service's
 * end of its stdin closes.
 */
public final class IncidentWorld {
    public static void main(String[] args) throws Exception {
        ServerSocket upstream = new ServerSocket(0, 50, IncidentService.LOOPBACK);
        AcceptLoop.start(upstream, "upstream", IncidentWorld::answer);
        System.out.println("upstream " + upstream.getLocalPort());
        System.out.flush();
        String base = "http://127.0.0.1:" + args[0];
        for (int i = 0; i < IncidentService.LOOKUPS; i++) {
            call(base + "/lookup?id=" + i, 10_000);
        }
        for (int i = 0; i < IncidentService.REPORTS; i++) {
            call(base + "/report?id=" + i, 10_000);
        }
        for (int i = 0; i < IncidentService.HUNG; i++) {
            call(base + "/cached", 1_000);
        }
        System.out.println("done");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the service is gone
        }
    }

    private static void call(String url, int readTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setReadTimeout(readTimeout);
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        } catch (SocketTimeoutException gaveUp) {
            c.disconnect();
        }
    }

    private static void answer(Socket socket) {
        try {
            String request = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            OutputStream out = socket.getOutputStream();
            if (request.startsWith("LOOKUP")) {
                out.write("ERR\n".getBytes(StandardCharsets.US_ASCII));
                socket.close();
                return;
            }
            byte[] line = "0123456789012345678901234567890123456789012345678901234567890123456789012345678\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5_000; i++) {
                out.write(line); // blocks once the service's receive queue is full; the connection stays open
            }
        } catch (IOException e) {
            // the service went away
        }
    }
}
