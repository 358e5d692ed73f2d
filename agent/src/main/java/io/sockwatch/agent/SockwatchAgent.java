package io.sockwatch.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;

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
        URLClassLoader loader = (URLClassLoader) agentLoader.get();
        boolean running = loader != null;
        try {
            if (loader != null && !Boolean.TRUE.equals((Object) command(loader, "running", RUNNING).invokeExact())) {
                // detached through its request channel, not yet collected: a fresh loader, as after any detach
                close(loader);
                loader = null;
            }
            if (loader == null) {
                URL jar = SockwatchAgent.class.getProtectionDomain().getCodeSource().getLocation();
                loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
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

    private static void close(URLClassLoader loader) {
        try {
            if (loader != null) {
                loader.close();
            }
        } catch (IOException ignored) {
            // only releases the jar file handle
        }
    }
}
