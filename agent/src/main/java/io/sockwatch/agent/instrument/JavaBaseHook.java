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
                Map.of("java.net", agent, "sun.nio.ch", agent, "java.nio.channels.spi", agent), Collections.emptySet(),
                Collections.emptyMap());
        Class<?> earlier;
        try {
            earlier = Class.forName(NAME, false, null);
        } catch (ClassNotFoundException expected) {
            earlier = null; // first start in this JVM
        }
        if (earlier != null) {
            requireSameEntryPoints(earlier);
            return; // defined by an earlier attach of this agent into the same JVM
        }
        // Loaded, never initialised: initialising Net would load libnet and fix networking properties
        // (java.net.preferIPv4Stack) before the application's main could set them.
        MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.Net", false, null), MethodHandles.lookup())
                .defineClass(classBytes());
    }

    /**
     * A defined class cannot be replaced: a hook left by another sockwatch version whose entry points differ would
     * make every advice fail (silently, advice suppresses its errors). Refuse to start instead, in one line.
     */
    private static void requireSameEntryPoints(Class<?> earlier) {
        try {
            earlier.getMethod("opened", Object.class, int.class, int.class);
            earlier.getMethod("closed", Object.class);
            earlier.getMethod("used", Object.class);
            earlier.getMethod("fdVal", java.io.FileDescriptor.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("another sockwatch version was attached to this JVM before, and its hook "
                    + "in java.base cannot be replaced (" + e.getMessage() + "); restart the JVM to use this version");
        }
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
