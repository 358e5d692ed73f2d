package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Thread-pool starvation in a real server (argument: tomcat or jetty) with two workers: each request calls an upstream
 * that accepts and never answers, with no read timeout. Two requests take both workers; three more wait in the
 * server's queue until their clients give up and close, leaving them in CLOSE_WAIT, accepted by the server's
 * acceptor and never read by anyone. With a second argument {@code after-attach} (a JVM started without sockwatch)
 * it prints "ready" once the server runs, waits for the file {@code go} in its working directory, prints "starved"
 * once the clients gave up, and exits when the file {@code stop} appears.
 */
public final class StarvedServer {
    public static final int WORKERS = 2;
    public static final int WAITING = 3;

    public static void main(String[] args) throws Exception {
        boolean afterAttach = args.length > 1 && args[1].equals("after-attach");
        try (ServerSocket upstream = new ServerSocket(0, 50, LOOPBACK)) {
            int port = args[0].equals("tomcat") ? tomcat(upstream.getLocalPort()) : jetty(upstream.getLocalPort());
            if (afterAttach) {
                System.out.println("ready");
                awaitFile("go");
            }
            List<Socket> clients = new ArrayList<>();
            List<Socket> calls = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                clients.add(request(port));
                calls.add(upstream.accept()); // a worker is in the upstream call
            }
            for (int i = 0; i < WAITING; i++) {
                clients.add(request(port));
            }
            Scenarios.sleep(300);
            for (Socket client : clients) {
                client.close(); // the clients time out
            }
            if (afterAttach) {
                System.out.println("starved");
                awaitFile("stop");
            } else {
                Scenarios.snapshotWhenLeaking("starved", WORKERS + WAITING);
            }
            System.exit(0); // the workers never come back
        }
    }

    private static void awaitFile(String name) {
        Path file = Paths.get(name).toAbsolutePath();
        for (long deadline = System.currentTimeMillis() + 120_000; !Files.exists(file)
                && System.currentTimeMillis() < deadline; ) {
            Scenarios.sleep(20);
        }
    }

    /** What every request does: a call without a read timeout to an upstream that never answers. */
    static int callUpstream(int port) throws IOException {
        try (Socket upstream = new Socket(LOOPBACK, port)) {
            return upstream.getInputStream().read(); // stuck:upstream
        }
    }

    private static Socket request(int port) throws IOException {
        Socket client = new Socket(LOOPBACK, port);
        client.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    private static int tomcat(int upstreamPort) throws Exception {
        Tomcat tomcat = new Tomcat();
        // in the working directory, the test's own temporary one: a directory under /tmp outlived every run
        tomcat.setBaseDir(Files.createTempDirectory(Paths.get(""), "tomcat").toAbsolutePath().toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", LOOPBACK.getHostAddress());
        connector.setProperty("maxThreads", String.valueOf(WORKERS));
        connector.setProperty("minSpareThreads", String.valueOf(WORKERS));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "upstream", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().print(callUpstream(upstreamPort));
            }
        });
        context.addServletMappingDecoded("/", "upstream");
        tomcat.start();
        return connector.getLocalPort();
    }

    private static int jetty(int upstreamPort) throws Exception {
        // one acceptor and one selector thread come out of the pool too: two of its four threads are workers
        QueuedThreadPool pool = new QueuedThreadPool(WORKERS + 2, WORKERS + 2);
        pool.setReservedThreads(0);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(LOOPBACK.getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                callUpstream(upstreamPort);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        return connector.getLocalPort();
    }
}
