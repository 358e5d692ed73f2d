package io.sockwatch.it.apps;

import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

/** An application's own RMI: a registry and one call to it; the registry accepts on its "RMI TCP Accept" thread. */
public final class RmiRegistry {

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Registry registry = LocateRegistry.createRegistry(port);
        System.out.println("bound: " + LocateRegistry.getRegistry("127.0.0.1", port).list().length);
        Scenarios.snapshot("rmi");
        UnicastRemoteObject.unexportObject(registry, true);
        System.exit(0);
    }
}
