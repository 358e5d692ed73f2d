package io.sockwatch.it.apps.incident;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bug 1: a failed lookup keeps its upstream connection "for a retry" that never comes. */
final class Lookup {
    static final Map<String, Socket> RETRY = new ConcurrentHashMap<>();

    private Lookup() {
    }

    static String find(int upstream, String id) throws IOException {
        Socket socket = new Socket(IncidentService.LOOPBACK, upstream); // open:lookup
        OutputStream out = socket.getOutputStream();
        out.write(("LOOKUP " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (!"OK".equals(reply)) {
            RETRY.put(id, socket); // kept: the error path forgets close()
            return "";
        }
        socket.close();
        return reply;
    }
}
