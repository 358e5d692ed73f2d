package io.sockwatch.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Keeps every demo socket on 127.0.0.1 with a port the kernel picks, so runs never collide. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A listening socket on 127.0.0.1 and an ephemeral port. */
    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 0, InetAddress.getByName(HOST));
    }
}
