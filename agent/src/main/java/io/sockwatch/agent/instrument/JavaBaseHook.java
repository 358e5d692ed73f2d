package io.sockwatch.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Makes {@code sun.nio.ch.SockwatchHook} exist in {@code java.base}, and {@code java.net.SockwatchLibraryHook},
 * its forwarder for library classes. Advice inlined into JDK classes can only link against classes the boot
 * loader knows; defining these two classes through private lookups avoids appending a jar to the bootstrap class
 * path, which would make the JVM warn and turn class-data sharing off for application classes.
 */
final class JavaBaseHook {
    static final String NAME = "sun.nio.ch.SockwatchHook";
    static final String LIBRARY_NAME = "java.net.SockwatchLibraryHook";

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
                Map.of("java.net", agent, "sun.nio.ch", agent, "java.nio.channels.spi", agent, "sun.net", agent,
                        "sun.security.ssl", agent),
                Collections.emptySet(),
                Collections.emptyMap());
        linkJdkHttpClient(inst, agent);
        Class<?> earlier = definedEarlier(NAME);
        if (earlier != null) {
            requireSameEntryPoints(earlier, NAME);
        } else {
            // Loaded, never initialised: initialising Net would load libnet and fix networking properties
            // (java.net.preferIPv4Stack) before the application's main could set them.
            defineNextTo("sun.nio.ch.Net", NAME);
        }
        Class<?> earlierLibrary = definedEarlier(LIBRARY_NAME);
        if (earlierLibrary != null) {
            requireSameEntryPoints(earlierLibrary, LIBRARY_NAME);
        } else {
            defineNextTo("java.net.InetAddress", LIBRARY_NAME); // loaded by the JVM at start-up, never initialised here
        }
    }

    /** The class an earlier attach of sockwatch into this JVM defined, or null on the first start. */
    private static Class<?> definedEarlier(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException expected) {
            return null;
        }
    }

    private static void defineNextTo(String neighbour, String name) throws ReflectiveOperationException, IOException {
        MethodHandles.privateLookupIn(Class.forName(neighbour, false, null), MethodHandles.lookup())
                .defineClass(classBytes(name));
    }

    /**
     * Advice in the JDK HttpClient (module {@code java.net.http}) calls the hook, so {@code sun.nio.ch} is exported to
     * that JDK module; and sockwatch reads a connection's channel, so its package is opened to sockwatch's module.
     * Nothing is exported or opened to application code. Nothing is loaded: the module may never be used.
     */
    private static void linkJdkHttpClient(Instrumentation inst, Set<Module> agent) {
        Optional<Module> http = ModuleLayer.boot().findModule(Http1ExchangeInstrumentation.MODULE);
        if (http.isEmpty()) {
            return; // a runtime image without it (jlink)
        }
        inst.redefineModule(Object.class.getModule(), Collections.emptySet(),
                Map.of("sun.nio.ch", Collections.singleton(http.get())), Collections.emptyMap(), Collections.emptySet(),
                Collections.emptyMap());
        inst.redefineModule(http.get(), Collections.emptySet(), Collections.emptyMap(),
                Map.of(Http1ExchangeInstrumentation.PACKAGE, agent), Collections.emptySet(), Collections.emptyMap());
    }

    /**
     * A defined class cannot be replaced: a hook left by another sockwatch version whose entry points differ would
     * make every advice fail (silently, advice suppresses its errors). Refuse to start instead, in one line. The
     * entry points are the public static methods of the class this jar would define as {@code name}; read only on
     * a second attach, so a first start loads no ASM for it.
     */
    private static void requireSameEntryPoints(Class<?> earlier, String name) throws IOException {
        Set<String> present = new HashSet<>();
        for (Method m : earlier.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                present.add(m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                        .toMethodDescriptorString());
            }
        }
        new ClassReader(classBytes(name)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                             String[] exceptions) {
                int entryPoint = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
                if ((access & entryPoint) == entryPoint && !present.contains(method + descriptor)) {
                    throw new IllegalStateException("another sockwatch version was attached to this JVM before, and "
                            + "its hook in java.base cannot be replaced (it lacks " + name + "." + method + descriptor
                            + "); restart the JVM to use this version");
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
    }

    /**
     * Read from the agent jar itself: the class loader would first ask its parents, and they search every JDK
     * module for the resource, which starts the JDK's image reader (~20 classes, ~5 ms at start-up).
     */
    private static byte[] classBytes(String name) throws IOException {
        String resource = name.replace('.', '/') + ".class";
        File jar;
        try {
            jar = new File(JavaBaseHook.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the agent jar's location is not a file: " + e.getMessage());
        }
        try (ZipFile zip = new ZipFile(jar)) { // shares the open file of the class loader's own
            ZipEntry entry = zip.getEntry(resource);
            if (entry == null) {
                throw new IOException(resource + " is missing from the agent jar");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
