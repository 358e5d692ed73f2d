package io.sockwatch.it.apps.incident;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bug 2: reads the first line of a large upstream body and caches the reader, never reading on or closing. */
final class ReportFetch {
    static final Map<String, BufferedReader> SUMMARIES = new ConcurrentHashMap<>();

    private ReportFetch() {
    }

    static String firstLine(int upstream, String id) throws IOException {
        Socket socket = new Socket(IncidentService.LOOPBACK, upstream); // open:report
        OutputStream out = socket.getOutputStream();
        out.write(("REPORT " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader body = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        SUMMARIES.put(id, body); // the rest of the body, "for later"
        return body.readLine();
    }
}
