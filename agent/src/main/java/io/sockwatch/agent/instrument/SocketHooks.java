package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.none;

import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs (and on detach removes) the advice on every JDK socket class, each class failing on its own. */
public final class SocketHooks {
    private static final Logger LOG = LoggerFactory.getLogger(SocketHooks.class);
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
            new HttpConnectionInstrumentation());

    private final Instrumentation inst;
    private final ResettableClassFileTransformer transformer;

    private SocketHooks(Instrumentation inst, ResettableClassFileTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
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

        Outcomes outcomes = new Outcomes(errors);
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(outcomes)
                .ignore(none()); // the default ignores the boot loader, where every class we hook lives
        // Fault injection for tests: proves a class that cannot be instrumented only disables its own part.
        String failing = System.getProperty("sockwatch.test.failTransform", "");
        for (SocketInstrumentation i : ALL) {
            builder = builder.type(i.type())
                    .transform((b, type, loader, module, domain) -> {
                        if (i.typeName().equals(failing)) {
                            throw new IllegalStateException("failure injected by sockwatch.test.failTransform");
                        }
                        return i.transform(b);
                    });
        }
        // Load the targets now so every transformation happens here, not later on an application thread.
        List<SocketInstrumentation> present = ALL.stream().filter(i -> isPresent(i.typeName()))
                .collect(java.util.stream.Collectors.toList());
        ResettableClassFileTransformer transformer = builder.installOn(inst);
        for (SocketInstrumentation i : present) {
            Throwable error = outcomes.errors.get(i.typeName());
            if (error != null || !outcomes.transformed.contains(i.typeName())) {
                LOG.warn("could not instrument {} ({}); {} sockets will not be tracked, the application runs on",
                        i.typeName(), error == null ? "not transformed" : error, i.purpose());
            }
        }
        return new SocketHooks(inst, transformer);
    }

    /**
     * byte-buddy's Nexus touches sun.misc.Unsafe, which JDK 24+ warns about, and advice never needs it. Its
     * switch is a system property read once when the builder class initialises: set for that moment only, so no
     * property is left in the application (the name is relocated with byte-buddy: the application's own
     * byte-buddy never sees it).
     */
    private static AgentBuilder newAgentBuilder() {
        String nexus = "net.bytebuddy.nexus.disabled";
        String before = System.setProperty(nexus, "true");
        try {
            return new AgentBuilder.Default();
        } finally {
            if (before == null) {
                System.clearProperty(nexus);
            } else {
                System.setProperty(nexus, before);
            }
        }
    }

    /** Restores the original JDK bytecode and stops dispatching. */
    public void uninstall() {
        Dispatcher.deactivate();
        transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false; // e.g. PlainSocketImpl on JDK 18+
        }
    }

    /**
     * What became of each class. A library class is transformed when the application loads it, on its thread,
     * where sockwatch may not log: its failure is counted with sockwatch's internal errors, which reports show.
     */
    private static final class Outcomes extends AgentBuilder.Listener.Adapter {
        final Set<String> transformed = ConcurrentHashMap.newKeySet();
        final Map<String, Throwable> errors = new ConcurrentHashMap<>();
        private final InternalErrors internalErrors;

        Outcomes(InternalErrors internalErrors) {
            this.internalErrors = internalErrors;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            transformed.add(type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            errors.put(typeName, error);
            internalErrors.record("instrument " + typeName, error);
        }
    }
}
