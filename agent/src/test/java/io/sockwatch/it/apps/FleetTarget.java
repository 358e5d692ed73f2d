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
 * rows at its close site). Prints "ready", then waits for the file {@code stop}. With the argument {@code later} it
 * does all that once the file {@code go} appears (after "ready"), printing "leaked". With the argument {@code jfr}
 * it streams sockwatch's periodic JFR event in-process ({@code RecordingStream}, as a JFR-streaming pipeline does)
 * and prints each as a {@code jfr: name=value ...} line.
 */
public final class FleetTarget {
    public static final int LEAKS_AT_FETCH = 3;
    public static final int LEAKS_AT_POLL = 1;
    public static final int CLOSED_FIRST = 2;
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
             RecordingStream events = options.contains("jfr") ? streamSockwatchEvents() : null) {
            boolean later = options.contains("later");
            if (!later) {
                leakAndCloseFirst(server);
            }
            System.out.println("ready");
            if (later) {
                awaitFile("go");
                leakAndCloseFirst(server);
                System.out.println("leaked");
            }
            awaitFile("stop");
        }
    }

    private static void leakAndCloseFirst(ServerSocket server) throws Exception {
        for (int i = 0; i < LEAKS_AT_FETCH; i++) {
            fetch(server);
        }
        for (int i = 0; i < LEAKS_AT_POLL; i++) {
            poll(server);
        }
        for (int i = 0; i < CLOSED_FIRST; i++) {
            closeFirst(server);
        }
    }

    private static void awaitFile(String name) {
        Path file = Paths.get(name);
        for (long deadline = System.currentTimeMillis() + 120_000;
                !Files.exists(file) && System.currentTimeMillis() < deadline; ) {
            Scenarios.sleep(20);
        }
    }

    private static void fetch(ServerSocket server) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, server.getLocalPort())); // open:fetch
        server.accept().close(); // close:fetch-peer
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

    private static RecordingStream streamSockwatchEvents() {
        RecordingStream stream = new RecordingStream();
        stream.enable("io.sockwatch.SocketStates").withPeriod(Duration.ofMillis(500));
        stream.onEvent("io.sockwatch.SocketStates", FleetTarget::print);
        stream.startAsync();
        return stream;
    }

    private static void print(RecordedEvent e) {
        StringBuilder line = new StringBuilder("jfr:");
        e.getFields().forEach(f -> {
            if (!List.of("startTime", "duration", "eventThread", "stackTrace").contains(f.getName())) {
                Object value = e.getValue(f.getName());
                line.append(' ').append(f.getName()).append('=')
                        .append(value instanceof Double ? String.format(Locale.ROOT, "%.6f", value) : value);
            }
        });
        System.out.println(line);
    }
}
