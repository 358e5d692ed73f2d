package io.sockwatch.agent;

import io.sockwatch.agent.export.SockwatchMBeanImpl;
import io.sockwatch.agent.instrument.SocketHooks;
import io.sockwatch.agent.registry.Clock;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.JsonReport;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.report.Scanner;
import io.sockwatch.agent.report.TextReport;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sockwatch: hooks, registry, and the scanner thread that turns them into reports. At most one per
 * JVM; a second start (attach again) only updates the options.
 */
public final class Sockwatch {
    private static final Logger LOG = LoggerFactory.getLogger(Sockwatch.class);
    /** Distinct allocation stacks kept shared; beyond it stacks stay per record. */
    private static final int MAX_SHARED_STACKS = 10_000;
    private static volatile Sockwatch running;
    /** Set while sockwatch runs, so {@code sockwatch list} can tell without starting JMX in every JVM. */
    public static final String RUNNING_PROPERTY = "sockwatch.agent.version";
    static final String VERSION = String.valueOf(Sockwatch.class.getPackage().getImplementationVersion());

    private final SocketRegistry registry;
    private final InternalErrors errors = new InternalErrors();
    private final SocketHooks hooks;
    private final Scanner scanner;
    private final AgentThread scannerThread;
    private final AgentThread shutdownHook;
    private volatile AgentOptions options;
    private volatile ReportSummary latest;
    private volatile boolean stopped;
    private final ReportPublisher publisher = new ReportPublisher();

    private Sockwatch(Instrumentation inst, AgentOptions options) throws Exception {
        this.options = options;
        this.registry = new SocketRegistry(options.allStacks());
        this.hooks = SocketHooks.install(inst, registry, errors);
        this.scanner = new Scanner(registry, new StackTable(MAX_SHARED_STACKS), errors,
                Paths.get(System.getProperty("sockwatch.proc", "/proc"), "self"));
        this.scannerThread = new AgentThread("scanner", this::scanLoop);
        this.shutdownHook = new AgentThread("exit-report", this::exitReport);
    }

    /**
     * Starts sockwatch, or updates the options of the running one. Never throws: failures are logged once.
     * {@code attached}: loaded into a running JVM, so JMX is registered at once (the CLI asks for a report next);
     * at start-up registration waits for the first scan, so the platform MBean server is not created before the
     * application had a chance to configure it (some application servers set its logging or builder first).
     */
    static synchronized void start(Instrumentation inst, AgentOptions options, boolean attached) {
        if (running != null) {
            AgentOptions updated = options.withStacksOf(running.options);
            if (updated.allStacks() != options.allStacks()) {
                LOG.warn("stacks= only applies when sockwatch starts; detach and attach again to change it");
            }
            running.options = updated;
            LOG.info("already running; options now {}", updated);
            return;
        }
        try {
            Sockwatch s = new Sockwatch(inst, options);
            s.scannerThread.start();
            Runtime.getRuntime().addShutdownHook(s.shutdownHook);
            running = s;
            if (attached) {
                s.registerMBean();
            }
            System.setProperty(RUNNING_PROPERTY, VERSION);
            LOG.info("tracking sockets ({})", options);
        } catch (Throwable t) {
            LOG.warn("could not start ({}); socket tracking is off, the application runs on", String.valueOf(t), t);
        }
    }

    /** The running instance, or null. */
    public static Sockwatch running() {
        return running;
    }

    /**
     * Removes the hooks, stops the threads and forgets every record; a later attach starts afresh. Each step
     * runs even if an earlier one failed, so sockwatch is never left half running.
     */
    static synchronized void stop() {
        Sockwatch s = running;
        if (s == null) {
            return;
        }
        running = null;
        s.stopped = true;
        s.scannerThread.interrupt();
        try {
            s.hooks.uninstall();
            LOG.info("detached; JDK socket classes restored");
        } catch (Throwable t) {
            LOG.warn("detached, but restoring the JDK socket classes failed ({}); the hooks stay inert", String.valueOf(t));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(s.shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the exit report runs anyway
            }
            s.registry.clear();
            SockwatchMBeanImpl.unregister();
            System.clearProperty(RUNNING_PROPERTY);
        }
    }

    private void registerMBean() {
        try {
            new SockwatchMBeanImpl(this::latestSummary, () -> options.toString(), this::textReport, this::jsonReport,
                    Sockwatch::stop).register();
        } catch (Exception | LinkageError e) {
            LOG.warn("could not register the JMX MBean ({}); reports via JMX and the CLI are off", String.valueOf(e));
        }
    }

    private static boolean isMBeanRegistered() {
        try {
            return java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new javax.management.ObjectName(io.sockwatch.agent.export.SockwatchMXBean.OBJECT_NAME));
        } catch (Exception e) {
            return false;
        }
    }

    private ReportSummary latestSummary() {
        ReportSummary r = latest;
        return r != null ? r : report().summary();
    }

    public AgentOptions options() {
        return options;
    }

    /** A fresh report (scans now). */
    public LeakReport report() {
        return scanner.scan(options);
    }

    public String textReport() {
        return TextReport.render(report(), new FrameFilter(options.skip()));
    }

    public String jsonReport() {
        return JsonReport.render(report());
    }

    /** Ticks the hooks' coarse clock and scans every {@code interval}. */
    private void scanLoop() {
        boolean registered = false;
        long nextScan = System.nanoTime() + options.interval().toNanos();
        while (!stopped) {
            try {
                Thread.sleep(Clock.RESOLUTION_MILLIS);
                Clock.tick();
                if (System.nanoTime() - nextScan < 0) {
                    continue;
                }
                publish(scanner.scan(options), false);
                nextScan = System.nanoTime() + options.interval().toNanos();
                if (!registered) {
                    registered = true;
                    if (!isMBeanRegistered()) {
                        registerMBean();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                errors.record("scanner", t);
            }
        }
    }

    private void exitReport() {
        try {
            publish(scanner.scan(options), true);
        } catch (Throwable t) {
            errors.record("exit report", t);
        }
    }

    private void publish(LeakReport report, boolean atExit) {
        latest = report.summary();
        publisher.publish(report, options, atExit);
    }
}
