package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs (and on detach removes) the hook calls in every JDK socket class, each class failing on its own. */
public final class SocketHooks {
    private static final Logger LOG = LoggerFactory.getLogger(SocketHooks.class);
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
        JdkSocketFields.load();
        Dispatcher.activate(registry, errors);

        // Load the targets (never initialise them) before the transformer is added, and retransform them here:
        // every transformation happens now, none later on an application thread.
        List<SocketInstrumentation> present = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        for (SocketInstrumentation i : ALL) {
            Class<?> type = loaded(i.typeName());
            if (type != null) {
                present.add(i);
                classes.add(type);
            }
        }
        SocketClassTransformer transformer = new SocketClassTransformer(present);
        inst.addTransformer(transformer, true);
        List<Class<?>> hooked = new ArrayList<>();
        for (int k = 0; k < present.size(); k++) {
            SocketInstrumentation i = present.get(k);
            Throwable error;
            try {
                // One class at a time: the JVM retransforms a batch all or nothing.
                inst.retransformClasses(classes.get(k));
                error = transformer.error(i.typeName());
            } catch (Throwable t) {
                error = t;
            }
            if (error == null && transformer.transformed(i.typeName())) {
                hooked.add(classes.get(k));
            } else {
                LOG.warn("could not instrument {} ({}); {} sockets will not be tracked, the application runs on",
                        i.typeName(), error == null ? "not transformed" : error, i.purpose());
            }
        }
        return new SocketHooks(inst, transformer, hooked);
    }

    /** Restores the original JDK bytecode and stops dispatching. */
    public void uninstall() throws Exception {
        Dispatcher.deactivate();
        inst.removeTransformer(transformer);
        if (!hooked.isEmpty()) {
            inst.retransformClasses(hooked.toArray(new Class<?>[0]));
        }
    }

    private static Class<?> loaded(String className) {
        try {
            return Class.forName(className, false, null);
        } catch (ClassNotFoundException e) {
            return null; // e.g. AbstractPlainSocketImpl on JDK 18+
        }
    }
}
