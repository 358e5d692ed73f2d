package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Opens {@code args[1]} client sockets to the peer on port {@code args[0]} and keeps them open for a scan. */
public final class ManyOpen {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<Socket> open = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(LOOPBACK, port); // open:many
            socket.getOutputStream().write(1); // in use, as pooled connections are: the report has their last I/O
            open.add(socket);
        }
        Scenarios.snapshot("open");
        for (Socket s : open) {
            s.close();
        }
        Scenarios.snapshot("closed");
    }
}
