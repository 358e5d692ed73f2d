package io.sockwatch.agent.instrument;

import io.sockwatch.agent.log.Log;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Installs (and on detach removes) the hook calls in every JDK socket class, each class failing on its own. */
public final class SocketHooks {
    private static final List<SocketInstrumentation> ALL = Arrays.asList(
            new NioSocketImplInstrumentation(),
            new PlainSocketImplInstrumentation(),
            new SocketChannelImplInstrumentation(),
            new ServerSocketChannelImplInstrumentation(),
            new AsynchronousSocketChannelImplInstrumentation(),
            new AsynchronousServerSocketChannelImplInstrumentation());

    private final Instrumentation inst;
    private final SocketClassTransformer transformer;
    private final List<Class<?>> hooked;

    private SocketHooks(Instrumentation inst, SocketClassTransformer transformer, List<Class<?>> hooked) {
        this.inst = inst;
        this.transformer = transformer;
        this.hooked = hooked;
    }

    /**
     * Defines the hook, activates the dispatcher and instruments every socket class this JDK has.
     * Throws if sockwatch cannot track anything; a single class that fails is logged and skipped.
     */
    public static SocketHooks install(Instrumentation inst, SocketRegistry registry, InternalErrors errors)
            throws Exception {
        JavaBaseHook.define(inst);
        // Every transformation happens now, none later on an application thread. A class not loaded yet (at
        // -javaagent, all of them) is transformed as it loads here, loaded and never initialised: far cheaper than
        // a retransformation, which only the classes the JVM already loaded (an attach) need.
        SocketClassTransformer transformer = new SocketClassTransformer(ALL);
        inst.addTransformer(transformer, true);
        List<Class<?>> hooked = new ArrayList<>();
        for (SocketInstrumentation i : ALL) {
            Class<?> type = load(i.typeName());
            if (type == null) {
                continue;
            }
            Throwable error = transformer.error(i.typeName());
            if (error == null && !transformer.transformed(i.typeName())) {
                try {
                    // One class at a time: the JVM retransforms a batch all or nothing.
                    inst.retransformClasses(type);
                    error = transformer.error(i.typeName());
                } catch (Throwable t) {
                    error = t;
                }
            }
            if (error == null && transformer.transformed(i.typeName())) {
                hooked.add(type);
            } else {
                Log.warn("could not instrument {} ({}); {} sockets will not be tracked, the application runs on",
                        i.typeName(), error == null ? "not transformed" : error, i.purpose());
            }
        }
        SocketHooks hooks = new SocketHooks(inst, transformer, hooked);
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

    /** Restores the original JDK bytecode and stops dispatching. */
    public void uninstall() throws Exception {
        Dispatcher.deactivate();
        inst.removeTransformer(transformer);
        if (!hooked.isEmpty()) {
            inst.retransformClasses(hooked.toArray(new Class<?>[0]));
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, null);
        } catch (ClassNotFoundException e) {
            return null; // e.g. AbstractPlainSocketImpl on JDK 18+
        }
    }
}
