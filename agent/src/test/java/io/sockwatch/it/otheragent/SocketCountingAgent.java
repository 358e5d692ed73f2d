package io.sockwatch.it.otheragent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * A byte-buddy {@code Advice} agent of the tests' own that instruments the JDK socket classes sockwatch hooks too,
 * the way security and resource-tracking agents do: retransformation of loaded boot classes, no class format
 * changes, a listener that prints every error. Its argument is the jar holding {@link SocketCalls} for the boot
 * loader. At exit it prints its counts to stderr.
 */
public final class SocketCountingAgent {
    /** The classes and methods counted: the socket impls' and channels' connect and close. */
    static final ElementMatcher.Junction<TypeDescription> TYPES = namedOneOf("sun.nio.ch.NioSocketImpl",
            "java.net.Socket", "sun.nio.ch.SocketChannelImpl", "java.net.AbstractPlainSocketImpl");
    static final ElementMatcher.Junction<MethodDescription> METHODS = namedOneOf("create", "connect", "accept", "close",
            "implCloseSelectableChannel").and(not(isAbstract())).and(not(isNative()));

    private SocketCountingAgent() {
    }

    public static void premain(String bootJar, Instrumentation inst) throws Exception {
        agentmain(bootJar, inst);
    }

    public static void agentmain(String bootJar, Instrumentation inst) throws Exception {
        inst.appendToBootstrapClassLoaderSearch(new JarFile(bootJar));
        loadOwnClasses();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .ignore(none())
                .with(new ErrorPrinter())
                .type(TYPES)
                .transform((builder, type, loader, module, domain) -> instrument(builder))
                .installOn(inst);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.err.println("counting agent: " + SocketCalls.total() + " calls " + SocketCalls.counts())));
        System.err.println("counting agent: installed");
    }

    /**
     * Loads every class of byte-buddy's jar (this agent's jar, or the application's byte-buddy that precedes it on the
     * class path) before the transformer is installed. The transformer runs for every class any thread loads, and
     * would otherwise load byte-buddy's classes on first use, through the application class path. The JVM holds that class path's lock while it opens the next -javaagent jar, and classes load
     * meanwhile: their transformation waited for a byte-buddy class that the Common-Cleaner (closing a zip, holding
     * the zip cache) was loading from that class path, a start-up deadlock in 1 of ~30 starts under load.
     */
    private static void loadOwnClasses() throws Exception {
        ClassLoader loader = AgentBuilder.class.getClassLoader();
        File jar = new File(AgentBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile classes = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = classes.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("net/bytebuddy/") && name.endsWith(".class")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (LinkageError | ClassNotFoundException optional) {
                        // refers to what the application does not have (byte-buddy's optional dependencies)
                    }
                }
            }
        }
    }

    /** The advice on one socket class; also what the tests apply to sockwatch's output directly. */
    public static DynamicType.Builder<?> instrument(DynamicType.Builder<?> builder) {
        return builder.visit(Advice.to(CountingAdvice.class).on(METHODS));
    }

    /** byte-buddy drops a class it fails on silently; this makes every such error a line on stderr. */
    private static final class ErrorPrinter extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            System.err.println("counting agent: ERROR transforming " + typeName + ": " + error);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            System.err.println("counting agent: transformed " + type.getName() + (loaded ? " (loaded)" : ""));
        }
    }
}
