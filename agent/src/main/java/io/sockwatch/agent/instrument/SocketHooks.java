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
    static final List<SocketInstrumentation> ALL = Arrays.asList(
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
            ApacheHttpClientLeaseInstrumentation.STRICT,
            ApacheHttpClientLeaseInstrumentation.LAX,
            new OkHttpConnectionPoolInstrumentation(),
            new OkHttpCallInstrumentation(),
            new CommonsPoolInstrumentation(),
            new ReactorNettyAcquireInstrumentation(),
            new ReactorPoolInstrumentation(),
            new NettyEpollChannelInstrumentation(),
            new MultiExchangeInstrumentation(),
            new Http1ExchangeInstrumentation(),
            new JdkHttpConnectionPoolInstrumentation());

    private final Instrumentation inst;
    private final SocketClassTransformer transformer;

    private SocketHooks(Instrumentation inst, SocketClassTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /**
     * Defines the hook, activates the dispatcher, instruments the socket classes (JDK and library) already loaded,
     * and every other one as it loads. Throws if sockwatch cannot track anything; a single class that fails is
     * logged (by the scanner thread when it failed later, on the thread that loaded it) and skipped.
     */
    public static SocketHooks install(Instrumentation inst, SocketRegistry registry, InternalErrors errors)
            throws Exception {
        JavaBaseHook.define(inst);

        // Each socket class is transformed as it loads, on the thread that first uses that kind of socket: a JVM
        // pays (ASM included) only for the kinds it uses, and nothing before its first socket. Those the JVM
        // loaded already (an attach) are retransformed now.
        SocketClassTransformer transformer = new SocketClassTransformer(ALL, errors);
        inst.addTransformer(transformer, true);
        SocketHooks hooks = new SocketHooks(inst, transformer);
        try { // all or nothing: once the transformer is added, whatever fails takes it and its classes back
            hooks.retransform(hooks.loadedSocketClasses());
            hooks.warnAboutNewFailures();
            Dispatcher.activate(registry, errors);
        } catch (Throwable t) {
            hooks.uninstall();
            throw t;
        }
        return hooks;
    }

    /**
     * Logs, once each, the classes whose transformation failed since the last call: a class that loads after the
     * start is transformed on the thread that loads it, where sockwatch never logs. Called by the scanner thread.
     */
    public void warnAboutNewFailures() {
        for (SocketInstrumentation i : transformer.takeNewFailures()) {
            warnNotInstrumented(i, transformer.error(i.typeName()));
        }
    }

    private static void warnNotInstrumented(SocketInstrumentation i, Throwable error) {
        Log.warn("could not instrument {} ({}); {} sockets will not be tracked, the application runs on",
                i.typeName(), error == null ? "not transformed" : error, i.purpose());
    }

    /** Restores the original bytecode of every instrumented class and stops dispatching. */
    public void uninstall() throws Exception {
        Dispatcher.deactivate();
        inst.removeTransformer(transformer);
        List<Class<?>> instrumented = loadedSocketClasses();
        if (!instrumented.isEmpty()) {
            inst.retransformClasses(instrumented.toArray(new Class<?>[0]));
        }
    }

    /**
     * All classes in one call, so the application stops at one safepoint (one RedefineClasses operation) instead of
     * one per class. The JVM retransforms a batch all or nothing: when it refuses the batch, each class is tried on
     * its own, and a class it refuses alone keeps that as its failure.
     */
    private void retransform(List<Class<?>> classes) {
        if (classes.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(classes.toArray(new Class<?>[0]));
            return;
        } catch (Throwable batchRefused) {
            // tried one by one below
        }
        for (Class<?> type : classes) {
            try {
                inst.retransformClasses(type);
            } catch (Throwable t) {
                transformer.failed(transformer.instrumentationOf(type.getName(), type.getClassLoader()), t);
            }
        }
    }

    private List<Class<?>> loadedSocketClasses() {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (transformer.instrumentationOf(c.getName(), c.getClassLoader()) != null && inst.isModifiableClass(c)) {
                found.add(c);
            }
        }
        return found;
    }
}
