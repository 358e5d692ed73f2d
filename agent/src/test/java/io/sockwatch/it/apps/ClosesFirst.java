package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The side that closes first keeps the connection's kernel end: an HTTP client made anew for each request and
 * closed after it leaves one TIME_WAIT per request; a socket closed while its peer holds on leaves an orphaned
 * FIN_WAIT2; {@code shutdownOutput()} without {@code close()} leaves a FIN_WAIT2 socket the process still owns.
 */
public final class ClosesFirst {
    public static final int REQUESTS = 12;
    private static final List<Socket> HELD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (IdleClosingHttpServer http = new IdleClosingHttpServer(); ServerSocket holding = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < REQUESTS; i++) {
                get(http.url());
            }
            Socket halfClosed = new Socket(LOOPBACK, holding.getLocalPort()); // open:half-closed
            HELD.add(holding.accept());
            halfClosed.shutdownOutput();
            HELD.add(halfClosed);

            Socket orphaned = new Socket(LOOPBACK, holding.getLocalPort());
            HELD.add(holding.accept()); // the peer never closes: our end waits in FIN_WAIT2 without an fd
            orphaned.close(); // close:orphaned

            Scenarios.sleep(300);
            Scenarios.snapshot("closed");
        }
    }

    /** One client per request, closed after it: the client closes the connection first. */
    private static void get(String url) throws Exception {
        CloseableHttpClient client = HttpClients.createDefault();
        try (CloseableHttpResponse response = client.execute(new HttpGet(url))) { // open:http-get
            EntityUtils.consume(response.getEntity());
        }
        client.close(); // close:http-client
    }
}
