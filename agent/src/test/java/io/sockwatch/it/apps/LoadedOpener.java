package io.sockwatch.it.apps;

import java.net.InetAddress;
import java.net.Socket;

/** Application code that {@link UnloadedOpener} loads through its own class loader: JDK classes only. */
public final class LoadedOpener {

    private LoadedOpener() {
    }

    public static void openUseAndClose(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(1);
        }
    }
}
