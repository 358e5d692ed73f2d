package io.sockwatch.agent.instrument;

import io.sockwatch.agent.log.Log;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Installs (and on detach removes) the hook calls in every socket class, each class failing on its own. */
public final class SocketHooks {
    private static final List<SocketInstrumentation> ALL = Arrays.asList(
            new NioSocketImplInstrumentation(),
            new PlainSocketImplInstrumentation(),
            new SocketChannelImplInstrumentation(),
            new ServerSocketChannelImplInstrumentation(),
            new AsynchronousSocketChannelImplInstrumentation(),
            new AsynchronousServerSocketChannelImplInstrumentation(),
            new KeepAliveCacheInstrumentation(),
            ApacheHttpClientPoolInstrumentation.HTTP_CLIENT_4,
            ApacheHttpClientPoolInstrumentation.HTTP_CLIENT_5_STRICT,
            ApacheHttpClientPoolInstrumentation.HTTP_CLIENT_5_LAX,
            new OkHttpConnectionPoolInstrumentation(),
            new NettyEpollChannelInstrumentation(),
            new MultiExchangeInstrumentation(),
            new Http1ExchangeInstrumentation());

    private final Instrumentation inst;
    private final SocketClassTransformer transformer;

    private SocketHooks(Instrumentation inst, SocketClassTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /**
     * Defines the hook, activates the dispatcher and instruments every socket class this JDK has, and the
     * library classes already loaded; library classes loaded later are instrumented as they load.
     * Throws if sockwatch cannot track anything; a single class that fails is logged and skipped.
     */
    public static SocketHooks install(Instrumentation inst, SocketRegistry registry, InternalErrors errors)
            throws Exception {
        JavaBaseHook.define(inst);

        // Every JDK class is transformed now, none later on an application thread. One not loaded yet (at
        // -javaagent, all of them) is transformed as it loads here, loaded and never initialised: far cheaper than
        // a retransformation, which only the classes the JVM already loaded (an attach) need.
        SocketClassTransformer transformer = new SocketClassTransformer(ALL, errors);
        inst.addTransformer(transformer, true);
        SocketHooks hooks = new SocketHooks(inst, transformer);
        for (SocketInstrumentation i : ALL) {
            Class<?> type = i.isLibrary() ? null : loadJdkClass(i.typeName());
            if (type == null) {
                continue;
            }
            Throwable error = transformer.error(i.typeName());
            if (error == null && !transformer.transformed(i.typeName())) {
                error = hooks.retransform(type);
            }
            if (error != null || !transformer.transformed(i.typeName())) {
                Log.warn("could not instrument {} ({}); {} sockets will not be tracked, the application runs on",
                        i.typeName(), error == null ? "not transformed" : error, i.purpose());
            }
        }
        for (Class<?> loaded : hooks.loadedLibraryClasses()) {
            hooks.retransform(loaded); // an attach: the application loaded them already; a failure is counted
        }
        try {
            // After the transformation: reading the classes' fields loads them, and loads are what transform them.
            JdkSocketFields.load();
            Dispatcher.activate(registry, errors);
        } catch (Throwable t) {
            hooks.uninstall();
            throw t;
        }
        return hooks;
    }

    /** Restores the original bytecode of every instrumented class and stops dispatching. */
    public void uninstall() throws Exception {
        Dispatcher.deactivate();
        inst.removeTransformer(transformer);
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (transformer.instrumentationOf(c.getName(), c.getClassLoader()) != null && inst.isModifiableClass(c)) {
                inst.retransformClasses(c);
            }
        }
    }

    /** One class at a time: the JVM retransforms a batch all or nothing. Returns what failed, or null. */
    private Throwable retransform(Class<?> type) {
        try {
            inst.retransformClasses(type);
            return transformer.error(type.getName());
        } catch (Throwable t) {
            return t;
        }
    }

    private List<Class<?>> loadedLibraryClasses() {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            SocketInstrumentation i = c.getClassLoader() == null ? null
                    : transformer.instrumentationOf(c.getName(), c.getClassLoader());
            if (i != null && inst.isModifiableClass(c)) {
                found.add(c);
            }
        }
        return found;
    }

    private static Class<?> loadJdkClass(String className) {
        try {
            return Class.forName(className, false, null);
        } catch (ClassNotFoundException e) {
            return null; // e.g. AbstractPlainSocketImpl on JDK 18+
        }
    }
}
