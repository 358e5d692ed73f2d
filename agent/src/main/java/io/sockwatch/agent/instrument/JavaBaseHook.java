package io.sockwatch.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@code sun.nio.ch.SockwatchHook} exist in {@code java.base}. Advice inlined into JDK classes can only
 * link against classes the boot loader knows; defining this one class through a private lookup in
 * {@code sun.nio.ch} avoids appending a jar to the bootstrap class path, which would make the JVM warn and
 * turn class-data sharing off for application classes.
 */
final class JavaBaseHook {
    static final String NAME = "sun.nio.ch.SockwatchHook";

    private JavaBaseHook() {
    }

    /**
     * Opens the packages sockwatch reads to sockwatch's own module and defines the hook class, unless an earlier
     * attach did. That module belongs to the class loader sockwatch runs in (see {@code SockwatchAgent}), never
     * to the application's class path, and disappears with the loader after a detach.
     */
    static void define(Instrumentation inst) throws ReflectiveOperationException, IOException {
        Module base = Object.class.getModule();
        Set<Module> agent = Collections.singleton(JavaBaseHook.class.getModule());
        if (JavaBaseHook.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
            throw new IllegalStateException("sockwatch must run in its own class loader: opening JDK packages to "
                    + "the application class path would change what every library may do");
        }
        inst.redefineModule(base, Collections.emptySet(), Collections.emptyMap(),
                Map.of("java.net", agent, "sun.nio.ch", agent), Collections.emptySet(), Collections.emptyMap());
        try {
            Class.forName(NAME, false, null);
            return; // defined by an earlier attach of this agent into the same JVM
        } catch (ClassNotFoundException expected) {
            // first start in this JVM
        }
        // Loaded, never initialised: initialising Net would load libnet and fix networking properties
        // (java.net.preferIPv4Stack) before the application's main could set them.
        MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.Net", false, null), MethodHandles.lookup())
                .defineClass(classBytes());
    }

    private static byte[] classBytes() throws IOException {
        String resource = NAME.replace('.', '/') + ".class";
        try (InputStream in = JavaBaseHook.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }
}
