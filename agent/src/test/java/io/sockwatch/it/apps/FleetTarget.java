package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * A service a fleet watches: {@link #LEAKS_AT_FETCH} client sockets leaked at one line and {@link #LEAKS_AT_POLL}
 * at another (their peer closed them: CLOSE_WAIT), and {@link #CLOSED_FIRST} connections it closed first (TIME_WAIT
 * rows at its close site). Prints "ready", then waits for the file {@code stop}. With the argument {@code jfr} it
 * streams sockwatch's periodic JFR event in-process ({@code RecordingStream}, as a JFR-streaming pipeline does) and
 * prints each as a {@code jfr: name=value ...} line.
 */
public final class FleetTarget {
    public static final int LEAKS_AT_FETCH = 3;
    public static final int LEAKS_AT_POLL = 1;
    public static final int CLOSED_FIRST = 2;
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jfr")) {
            streamSockwatchEvents();
        }
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < LEAKS_AT_FETCH; i++) {
                fetch(server);
            }
            for (int i = 0; i < LEAKS_AT_POLL; i++) {
                poll(server);
            }
            for (int i = 0; i < CLOSED_FIRST; i++) {
                closeFirst(server);
            }
            System.out.println("ready");
            Path stop = Paths.get("stop");
            for (long deadline = System.currentTimeMillis() + 120_000;
                    !Files.exists(stop) && System.currentTimeMillis() < deadline; ) {
                Scenarios.sleep(20);
            }
        }
    }

    private static void fetch(ServerSocket server) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, server.getLocalPort())); // open:fetch
        server.accept().close();
    }

    private static void poll(ServerSocket server) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, server.getLocalPort())); // open:poll
        server.accept().close();
    }

    /** The client closes first; the peer closes once it reads the end: the client's end lingers in TIME_WAIT. */
    private static void closeFirst(ServerSocket server) throws Exception {
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        try (Socket peer = server.accept()) {
            client.close(); // close:first
            if (peer.getInputStream().read() != -1) {
                throw new IllegalStateException("the client sent nothing");
            }
        }
    }

    private static void streamSockwatchEvents() {
        RecordingStream stream = new RecordingStream();
        stream.enable("io.sockwatch.SocketStates").withPeriod(Duration.ofMillis(500));
        stream.onEvent("io.sockwatch.SocketStates", FleetTarget::print);
        stream.startAsync();
    }

    private static void print(RecordedEvent e) {
        StringBuilder line = new StringBuilder("jfr:");
        e.getFields().forEach(f -> {
            if (!f.getName().equals("startTime") && !f.getName().equals("duration") && !f.getName().equals("eventThread")) {
                Object value = e.getValue(f.getName());
                line.append(' ').append(f.getName()).append('=')
                        .append(value instanceof Double ? String.format(Locale.ROOT, "%.6f", value) : value);
            }
        });
        System.out.println(line);
    }
}
