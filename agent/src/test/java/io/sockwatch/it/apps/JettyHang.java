package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12: a handler hangs (Thread.sleep) and the client gives up and closes. Jetty's acceptor opened the
 * socket, so its allocation stack has no application frame: the hung handler thread names the culprit.
 */
public final class JettyHang {

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(LOOPBACK.getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Thread.sleep(600_000); // hang
                callback.succeeded();
                return true;
            }
        });
        server.start();

        try (Socket client = new Socket(LOOPBACK, connector.getLocalPort())) {
            client.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Scenarios.sleep(300); // the client times out and closes
        }
        Scenarios.snapshotWhenLeaking("hung", 1);
        System.exit(0);
    }
}
