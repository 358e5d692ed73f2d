package io.sockwatch.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.parallel.ExecutionMode;

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
 * <p>A test that runs alone answers for every socket opened meanwhile, by any thread (a server's accepted sockets,
 * an executor's, too). That is every test without parallel execution, and with
 * {@code junit.jupiter.execution.parallel.enabled=true} every test that actually ran alone: in {@code same_thread}
 * mode, JUnit's default, tests run one after another even then. The decision is per test, from what ran: once
 * another test or class (not its own class or tests) ran while it was open, only sockets opened by the test's own
 * thread are its own (exact: a thread runs one test at a time), a class answers only for sockets whose allocation
 * stack passes through its code, and sockets reclaimed by the GC, which cannot be told apart by test, are left to
 * the agent's exit report: no test fails for another's socket.
 */
public final class SocketLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final Namespace NAMESPACE = Namespace.create(SocketLeakExtension.class);
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    @Override
    public void beforeAll(ExtensionContext context) {
        AgentChannel agent = agent(context);
        String owner = Frames.outermost(context.getRequiredTestClass());
        long start = System.currentTimeMillis();
        Scan baseline = parallel(context) ? (likelyAlone(context) ? agent.scan() : null)
                : remember(context, agent.scan(), null);
        open(context, new Window(start, baseline, s -> s.frames.stream().anyMatch(f -> Frames.isIn(f, owner)),
                Rules.of(context)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        AgentChannel agent = agent(context);
        long start = System.currentTimeMillis();
        long thread = Thread.currentThread().getId();
        Scan baseline = parallel(context) ? (likelyAlone(context) ? agent.scan() : null) : baseline(context, agent);
        open(context, new Window(start, baseline, s -> s.openerId == thread, Rules.of(context)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Window window = close(context);
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
        Window window = close(context);
        if (window == null) {
            return; // beforeAll failed, and said why
        }
        fail(settle(context, window, null), window, context,
                context.getRequiredTestClass().getSimpleName() + "'s class-level code (@BeforeAll, @AfterAll)");
    }

    /**
     * Settles the window, then stops following what runs beside it. Only a window that ran alone with a baseline runs
     * a GC to tell dropped sockets apart.
     */
    private static Findings settle(ExtensionContext context, Window window, String afterTestOf) {
        Findings found;
        try {
            found = window.settle(agent(context), window.countsReclaimed());
        } finally {
            running(context).ended(context.getUniqueId());
        }
        if (!parallel(context)) {
            remember(context, found.scan, afterTestOf);
        }
        return found;
    }

    private static void open(ExtensionContext context, Window window) {
        context.getStore(NAMESPACE).put(Window.class, window);
        running(context).started(context.getUniqueId(), window);
    }

    private static Window close(ExtensionContext context) {
        return context.getStore(NAMESPACE).remove(Window.class, Window.class);
    }

    private static RunningWindows running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningWindows.class, k -> new RunningWindows(),
                RunningWindows.class);
    }

    /**
     * With parallel execution on: whether the test or class runs in {@code same_thread} mode, as do all its enclosing
     * classes, so that it most likely runs alone. Only such a window takes a baseline report to count what the GC
     * reclaims; whether it did run alone is decided once it ends.
     */
    private static boolean likelyAlone(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent() && c.get() != context.getRoot();
                c = c.get().getParent()) {
            if (c.get().getExecutionMode() != ExecutionMode.SAME_THREAD) {
                return false;
            }
        }
        return true;
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
