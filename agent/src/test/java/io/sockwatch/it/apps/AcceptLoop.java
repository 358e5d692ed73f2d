package io.sockwatch.it.apps;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** The test servers' accept loop: a daemon thread {@code name} that answers each connection on a daemon thread of its own. */
public final class AcceptLoop {
    private AcceptLoop() {
    }

    /** Starts accepting on {@code server} until it is closed; {@code answer} runs on thread {@code name + "-connection"}. */
    public static void start(ServerSocket server, String name, Consumer<Socket> answer) {
        Thread accepting = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> answer.accept(s), name + "-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, name);
        accepting.setDaemon(true);
        accepting.start();
    }
}
