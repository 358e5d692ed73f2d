package io.sockwatch.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A one-line protocol. Nothing here closes a socket: each scenario decides that itself. */
final class Wire {

    private Wire() {
    }

    static void writeLine(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads up to a newline byte by byte, so no buffer swallows what a later read expects. */
    static String readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Returns once the peer has sent its FIN. */
    static void awaitEof(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] discard = new byte[256];
        while (in.read(discard) != -1) {
            // keep reading until the peer's FIN shows up as end of stream
        }
    }
}
