package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis server as far as a Jedis pool needs one: answers every RESP command with {@code +OK}, {@code PING} with
 * {@code +PONG}, {@code ECHO} with its argument, and keeps connections open, except that {@code ECHO close-me}
 * answers then closes its connection (a server's idle timeout).
 */
final class RespServer implements AutoCloseable {
    private final ServerSocket server;

    RespServer() throws IOException {
        server = new ServerSocket(0, 50, LOOPBACK);
        AcceptLoop.start(server, "resp-server", RespServer::answer);
    }

    int port() {
        return server.getLocalPort();
    }

    private static void answer(Socket s) {
        try (Socket socket = s) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (List<String> command = command(in); command != null; command = command(in)) {
                String name = command.get(0).toUpperCase(java.util.Locale.ROOT);
                if (name.equals("PING")) {
                    out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (name.equals("ECHO")) {
                    String arg = command.get(1);
                    out.write(("$" + arg.length() + "\r\n" + arg + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (arg.equals("close-me")) {
                        out.flush();
                        return;
                    }
                } else {
                    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the connection ends either way
        }
    }

    /** One RESP array of bulk strings, or null at end of stream. */
    private static List<String> command(InputStream in) throws IOException {
        String header = line(in);
        if (header == null) {
            return null;
        }
        int n = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = Integer.parseInt(line(in).substring(1));
            parts.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            line(in);
        }
        return parts;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
