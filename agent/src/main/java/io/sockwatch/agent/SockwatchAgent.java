package io.sockwatch.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Entry points: {@code -javaagent:sockwatch-agent.jar[=options]} and every dynamic load (the CLI's attach,
 * report and detach each load the jar with a command). The JVM loads this class with the application's class
 * loader, so it refers to JDK classes only: sockwatch itself runs in a class loader of its own. The JDK packages
 * sockwatch must open are opened to that loader's module alone, never to the application's class path, and after
 * a detach nothing refers to the loader any more, so the GC unloads all of sockwatch.
 */
public final class SockwatchAgent {
    private static final String COMMANDS = "io.sockwatch.agent.AgentCommands";
    /**
     * Object parameters and results: the JDK's class-data archive holds the method handle forms of these shapes,
     * where a typed {@code (String, Instrumentation, boolean)boolean} spins two classes (~3 ms on JDK 25).
     */
    private static final MethodType RUN = MethodType.methodType(Object.class, Object.class, Object.class);
    private static final MethodType RUNNING = MethodType.methodType(Object.class);
    /** Weak: while sockwatch runs its threads and hooks keep the loader alive; after a detach nothing does. */
    private static WeakReference<ClassLoader> agentLoader = new WeakReference<>(null);

    private SockwatchAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        run(args, inst, "premain");
    }

    public static void agentmain(String args, Instrumentation inst) {
        run(args, inst, "agentmain");
    }

    /** {@code entry}: the method of {@code AgentCommands} to run, named as the JVM's entry point that runs it. */
    private static synchronized void run(String args, Instrumentation inst, String entry) {
        AgentLoader loader = (AgentLoader) agentLoader.get();
        boolean running = loader != null;
        try {
            if (loader != null && !Boolean.TRUE.equals((Object) command(loader, "running", RUNNING).invokeExact())) {
                // detached through its request channel, not yet collected: a fresh loader, as after any detach
                close(loader);
                loader = null;
            }
            if (loader == null) {
                loader = new AgentLoader(SockwatchAgent.class.getProtectionDomain().getCodeSource().getLocation());
            }
            running = Boolean.TRUE.equals((Object) command(loader, entry, RUN).invokeExact((Object) args, (Object) inst));
        } catch (Throwable t) {
            // AgentCommands answers every failure itself; this is the jar or the JVM refusing to load it
            System.err.println("sockwatch: could not start (" + t + "); socket tracking is off, the application runs on");
        }
        if (running) {
            agentLoader = new WeakReference<>(loader);
        } else {
            agentLoader = new WeakReference<>(null);
            close(loader);
        }
    }

    /**
     * A method handle called exactly, not {@code Method.invoke}: since JDK 18 reflection spins method handle
     * adapters and their classes for each new signature (12-16 ms before the application's main on JDK 25).
     */
    private static MethodHandle command(ClassLoader loader, String name, MethodType type)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(Class.forName(COMMANDS, true, loader), name, type);
    }

    private static void close(AgentLoader loader) {
        try {
            if (loader != null) {
                loader.close();
            }
        } catch (IOException ignored) {
            // only releases the jar file handle
        }
    }

    /**
     * sockwatch's classes, read from the agent jar (its multi-release entries for this JVM) without asking the JDK's
     * loaders first; every other class from the platform loader. A {@code URLClassLoader} spent a third more on each
     * of the ~170 classes an attach loads (a resource URL, a code source and the manifest's package attributes per
     * class, all interpreted in a JVM that never loaded a class that way), and an attach's cost is the work it does
     * on the host's CPUs (docs/benchmarks.md, "What an attach costs a one-CPU JVM").
     */
    static final class AgentLoader extends ClassLoader {
        private static final String OWN = "io.sockwatch.agent.";

        static {
            registerAsParallelCapable(); // as URLClassLoader: a lock per class name, not one for the loader
        }

        private final JarFile jar;
        /** The jar as the code source: the hook's definition and the libc module read the jar through it. */
        private final ProtectionDomain domain;

        AgentLoader(URL location) throws IOException, URISyntaxException {
            super(ClassLoader.getPlatformClassLoader());
            this.jar = new JarFile(new File(location.toURI()), false, ZipFile.OPEN_READ, Runtime.version());
            this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), null, this, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(OWN)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try {
                JarEntry entry = jar.getJarEntry(name.replace('.', '/').concat(".class"));
                if (entry == null) {
                    throw new ClassNotFoundException(name);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    // the entry's size, from the jar's directory: readAllBytes would copy through 8-16 KB buffers,
                    // megabytes of garbage over an attach
                    byte[] bytes = new byte[(int) entry.getSize()];
                    int read = in.readNBytes(bytes, 0, bytes.length);
                    return defineClass(name, bytes, 0, read, domain);
                }
            } catch (IOException | IllegalStateException e) { // IllegalStateException: closed by a detach
                throw new ClassNotFoundException(name, e);
            }
        }

        /** sockwatch's own resources (the libc module's classes) from the jar; the rest as any loader finds them. */
        @Override
        public InputStream getResourceAsStream(String name) {
            if (!name.startsWith("io/sockwatch/agent/")) {
                return super.getResourceAsStream(name);
            }
            try {
                JarEntry entry = jar.getJarEntry(name);
                return entry == null ? null : jar.getInputStream(entry);
            } catch (IOException | IllegalStateException e) {
                return null;
            }
        }

        void close() throws IOException {
            jar.close();
        }
    }
}
