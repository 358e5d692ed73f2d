package io.sockwatch.junit;

import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails the test that leaked a socket: one opened during the test (its {@code @BeforeEach} and {@code @AfterEach}
 * included) that is still open once the grace period is over, whatever its state (CLOSE_WAIT is named in the
 * message), or that the GC reclaimed without close(). After each class it does the same for sockets its
 * class-level code opened ({@code @BeforeAll} servers and clients must be closed by {@code @AfterAll}).
 *
 * <p>Register it with {@code @ExtendWith(SocketLeakExtension.class)}, with {@link SocketLeakCheck}, or for
 * every test class through JUnit's extension auto-detection (this jar declares it as a service). It needs the
 * sockwatch agent in the test JVM and reaches it through its MXBean (see {@link AgentChannel}).
 *
 * <p>Tests run one at a time: every socket opened meanwhile, by any thread (a server's accepted sockets too),
 * is the running test's. With {@code junit.jupiter.execution.parallel.enabled=true} other tests run meanwhile,
 * so only sockets opened by the test's own thread are its own (exact: a thread runs one test at a time), a class
 * answers only for sockets whose allocation stack passes through its code, and sockets reclaimed by the GC,
 * which cannot be told apart by test, are left to the agent's exit report: no test fails for another's socket.
 */
public final class SocketLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final Namespace NAMESPACE = Namespace.create(SocketLeakExtension.class);
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    @Override
    public void beforeAll(ExtensionContext context) {
        AgentChannel agent = agent(context);
        boolean parallel = parallel(context);
        String owner = Frames.outermost(context.getRequiredTestClass());
        Predicate<OpenSocket> ours = parallel ? s -> s.frames.stream().anyMatch(f -> Frames.isIn(f, owner)) : s -> true;
        long start = System.currentTimeMillis();
        Scan baseline = parallel ? null : remember(context, agent.scan(), null);
        context.getStore(NAMESPACE).put(Window.class, new Window(start, baseline, ours, Rules.of(context)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        AgentChannel agent = agent(context);
        long start = System.currentTimeMillis();
        Window window;
        if (parallel(context)) {
            long thread = Thread.currentThread().getId();
            window = new Window(start, null, s -> s.openerId == thread, Rules.of(context));
        } else {
            window = new Window(start, baseline(context, agent), s -> true, Rules.of(context));
        }
        context.getStore(NAMESPACE).put(Window.class, window);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Window window = context.getStore(NAMESPACE).remove(Window.class, Window.class);
        if (window == null) {
            return; // beforeEach failed, and said why
        }
        Findings found = settle(context, window, classId(context));
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            Window enclosing = c.get().getStore(NAMESPACE).get(Window.class, Window.class);
            if (enclosing != null) {
                enclosing.answeredByTest(found);
            }
        }
        fail(found, window, context, "this test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Window window = context.getStore(NAMESPACE).remove(Window.class, Window.class);
        if (window == null) {
            return; // beforeAll failed, and said why
        }
        fail(settle(context, window, null), window, context,
                context.getRequiredTestClass().getSimpleName() + "'s class-level code (@BeforeAll, @AfterAll)");
    }

    private static Findings settle(ExtensionContext context, Window window, String afterTestOf) {
        boolean parallel = parallel(context);
        Findings found = window.settle(agent(context), !parallel);
        if (!parallel) {
            remember(context, found.scan, afterTestOf);
        }
        return found;
    }

    private static void fail(Findings found, Window window, ExtensionContext context, String what) {
        if (!found.isEmpty()) {
            throw LeakMessage.failure(found, what, window.graceMillis(), Frames.outermost(context.getRequiredTestClass()));
        }
    }

    /**
     * The report a test starts from. Running one test at a time, the last report the previous test of the same
     * class settled on serves (nothing of the class ran in between but its constructor): one scan per test, and
     * only the first test of a class, which follows its {@code @BeforeAll}, asks for another.
     */
    private static Scan baseline(ExtensionContext context, AgentChannel agent) {
        LastScan last = context.getRoot().getStore(NAMESPACE).get(LastScan.class, LastScan.class);
        String classId = classId(context);
        if (last != null && classId.equals(last.afterTestOf)) {
            return last.scan;
        }
        return remember(context, agent.scan(), null);
    }

    private static Scan remember(ExtensionContext context, Scan scan, String afterTestOf) {
        context.getRoot().getStore(NAMESPACE).put(LastScan.class, new LastScan(scan, afterTestOf));
        return scan;
    }

    private static String classId(ExtensionContext context) {
        return context.getParent().map(ExtensionContext::getUniqueId).orElse("");
    }

    /** Connects once per JVM; a failure to connect fails every class with the same line, without waiting again. */
    private static AgentChannel agent(ExtensionContext context) {
        Object channel = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(AgentChannel.class, k -> {
            try {
                return AgentChannel.connect();
            } catch (IllegalStateException e) {
                return e;
            }
        });
        if (channel instanceof IllegalStateException) {
            throw new IllegalStateException(((IllegalStateException) channel).getMessage());
        }
        return (AgentChannel) channel;
    }

    private static boolean parallel(ExtensionContext context) {
        return context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
    }

    /** The last report the extension asked for, and the class whose test settled on it (null: not after a test). */
    private static final class LastScan {
        final Scan scan;
        final String afterTestOf;

        LastScan(Scan scan, String afterTestOf) {
            this.scan = scan;
            this.afterTestOf = afterTestOf;
        }
    }
}
