package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.lang.ref.WeakReference;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * A web-app undeploy in small: {@link LoadedOpener} is loaded by its own class loader (whose parent cannot see
 * it) and opens, uses and closes a socket on the main thread; then the loader is dropped and main touches no
 * other socket. Prints whether the GC collected the loader.
 */
public final class UnloadedOpener {

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        WeakReference<ClassLoader> loader = openAndCloseInOwnLoader(server.getLocalPort());
        for (int i = 0; i < 5 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        System.out.println("loaderCollected=" + (loader.get() == null));
    }

    private static WeakReference<ClassLoader> openAndCloseInOwnLoader(int port) throws Exception {
        URL classes = UnloadedOpener.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> opener = Class.forName(UnloadedOpener.class.getPackageName() + ".LoadedOpener", true, loader);
            if (opener.getClassLoader() != loader) {
                throw new IllegalStateException("loaded by " + opener.getClassLoader());
            }
            opener.getMethod("openUseAndClose", int.class).invoke(null, port);
            return new WeakReference<>(loader);
        }
    }
}
