package io.sockwatch.agent;

import io.sockwatch.agent.export.JmxRegistration;
import io.sockwatch.agent.export.LeakEvents;
import io.sockwatch.agent.export.SockwatchMBeanImpl;
import io.sockwatch.agent.instrument.AgentThread;
import io.sockwatch.agent.instrument.SocketHooks;
import io.sockwatch.agent.kernel.TcpTables;
import io.sockwatch.agent.log.Log;
import io.sockwatch.agent.registry.Clock;
import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketRegistry;
import io.sockwatch.agent.registry.StackTable;
import io.sockwatch.agent.report.FrameFilter;
import io.sockwatch.agent.report.HtmlReport;
import io.sockwatch.agent.report.JsonReport;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.report.Scanner;
import io.sockwatch.agent.report.TextReport;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A running sockwatch: hooks, registry, and the scanner thread that turns them into reports. At most one per
 * JVM; a second start (attach again) only updates the options. Start and stop are synchronous: when the CLI's
 * detach returns, no sockwatch thread, hook, shutdown hook or MBean is left.
 */
public final class Sockwatch {
    /** Distinct allocation stacks kept shared; beyond it stacks stay per record. */
    private static final int MAX_SHARED_STACKS = 10_000;
    private static final long STOP_WAIT_SECONDS = 10;
    /** How long the stacks of a closed connection stay unresolved at most (plus a scan in progress). */
    private static final long CLOSES_EVERY_MILLIS = 50;
    private static volatile Sockwatch running;

    private final SocketRegistry registry;
    private final InternalErrors errors = new InternalErrors();
    private final SocketHooks hooks;
    /** Built by the scanner thread as it starts, or by whatever needs a report first: not before the first socket. */
    private Scanner scanner;
    /** Kept for the scanner: on Java 22+ its TCP table reader needs it (see TcpTables). */
    private final Instrumentation inst;
    private final AgentThread scannerThread;
    private final AgentThread shutdownHook;
    /** Made by the scanner thread (its four suppliers are lambdas spun at run time); guarded by this. */
    private JmxRegistration jmx;
    private final ReportPublisher publisher = new ReportPublisher();
    private volatile AgentOptions options;
    private volatile ReportSummary latest;
    private volatile boolean stopped;
    /** The CLI's request channel once a CLI request came; guarded by Sockwatch.class. */
    private CliChannel channel;
    /** Stops following JFR recordings; set by the scanner thread once Flight Recorder runs, null before. */
    private Runnable jfr;

    private Sockwatch(Instrumentation inst, AgentOptions options) throws Exception {
        this.inst = inst;
        this.options = options;
        this.registry = new SocketRegistry(options.allStacks());
        this.hooks = SocketHooks.install(inst, registry, errors);
        this.scannerThread = new AgentThread("scanner", this::scanLoop);
        this.shutdownHook = new AgentThread("exit-report", this::exitReport);
    }

    /**
     * Starts sockwatch, or updates the options of the running one. Never throws: returns null when sockwatch
     * runs, or the one line that says why it could not start (also logged).
     */
    static synchronized String start(Instrumentation inst, AgentOptions options, boolean attached) {
        Sockwatch s = running;
        if (s != null) {
            AgentOptions updated = options.withStacksOf(s.options);
            if (updated.allStacks() != options.allStacks()) {
                Log.warn("stacks= only applies when sockwatch starts; detach and attach again to change it");
            }
            s.options = updated;
            s.scannerThread.interrupt(); // plans its next scan with the new interval
            Log.info("already running; options now {}", updated);
            return null;
        }
        try {
            s = new Sockwatch(inst, options);
            Clock.start(s::checkUnclosed);
            s.scannerThread.start();
            Runtime.getRuntime().addShutdownHook(s.shutdownHook);
            running = s;
            Log.info("tracking sockets ({}){}", options, attached ? "; attached" : "");
            return null;
        } catch (Throwable t) {
            String problem = "could not start (" + t + "); socket tracking is off, the application runs on";
            Log.warn("{}", problem, t);
            return problem;
        }
    }

    /**
     * On every clock tick, not between scans: a scan of a namespace with tens of thousands of rows can take seconds on
     * a loaded machine, and until a leak at extreme churn is noticed its pool's sockets go on without stacks.
     */
    private void checkUnclosed() {
        try {
            registry.checkUnclosed();
        } catch (RuntimeException e) {
            errors.record("sampling", e);
        }
    }

    /**
     * On the scanner thread, and only once Flight Recorder has started (a recording at start-up, or a later
     * {@code jcmd JFR.start}): a listener would initialise JFR's recorder classes, tens of ms of CPU, in every JVM
     * that never records. Checked on every tick, so a new recording is followed within 50 ms. A JFR problem
     * disables JFR's part only, with one line.
     */
    private synchronized void followRecordingsOnceJfrRuns() {
        if (jfr != null || stopped || !LeakEvents.recorderStarted()) {
            return;
        }
        try {
            jfr = LeakEvents.followRecordings(() -> latest);
        } catch (RuntimeException | LinkageError e) {
            jfr = () -> { };
            Log.warn("cannot follow JFR recordings ({}); the periodic event and leaks per chunk are off",
                    String.valueOf(e));
        }
    }

    /** Registers the MXBean once the application uses JMX; null, or why it cannot. */
    private String registerWithJmxIfInUse() {
        JmxRegistration registration;
        synchronized (this) {
            if (stopped) { // stop() closes a registration made before, and none may be made after
                return null;
            }
            if (jmx == null) {
                jmx = new JmxRegistration(new SockwatchMBeanImpl(this::latestSummary, () -> this.options.toString(),
                        this::textReport, this::jsonReport));
            }
            registration = jmx;
        }
        return registration.registerIfJmxInUse(); // refuses once closed
    }

    private synchronized void closeJmx() {
        if (jmx != null) {
            jmx.close();
        }
    }

    private synchronized void stopFollowingRecordings() {
        if (jfr != null) {
            jfr.run();
        }
        jfr = () -> { };
    }

    /** The report classes are loaded when the first report is due, not while the JVM starts. */
    private synchronized Scanner scanner() {
        if (scanner == null) {
            Path procSelf = Paths.get(System.getProperty("sockwatch.proc", "/proc"), "self");
            scanner = new Scanner(registry, new StackTable(MAX_SHARED_STACKS), errors, procSelf,
                    TcpTables.of(procSelf, inst));
        }
        return scanner;
    }

    /** Opens the CLI's request channel of the running sockwatch, unless it is open (or sockwatch stopped). */
    static synchronized void openChannel(java.util.function.Consumer<AgentRequest> requests) {
        Sockwatch s = running;
        if (s != null && s.channel == null) {
            s.channel = CliChannel.open(requests);
        }
    }

    /** The running instance, or null. */
    static Sockwatch running() {
        return running;
    }

    /**
     * Removes the hooks, stops and joins sockwatch's threads, and forgets every record; a later attach starts
     * afresh. Each step runs even if an earlier one failed, so sockwatch is never left half running. Returns null,
     * or what could not be undone.
     */
    static synchronized String stop() {
        Sockwatch s = running;
        if (s == null) {
            return null;
        }
        String problem = null;
        running = null;
        s.stopped = true;
        if (s.channel != null) {
            s.channel.close();
        }
        s.closeJmx();
        s.stopFollowingRecordings();
        try {
            s.hooks.uninstall();
            Log.info("detached; JDK socket classes restored");
        } catch (Throwable t) {
            problem = "detached, but restoring the JDK socket classes failed (" + t + "); the hooks stay inert";
            Log.warn("{}", problem);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(s.shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the exit report sees stopped and does nothing
            }
            s.scannerThread.interrupt();
            joinQuietly(s.scannerThread);
            Clock.stop();
            s.registry.clear();
        }
        return problem;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ReportSummary latestSummary() {
        ReportSummary r = latest;
        return r != null ? r : scan().summary();
    }

    AgentOptions options() {
        return options;
    }

    /** A fresh report (scans now). */
    private LeakReport scan() {
        return scan(false);
    }

    private LeakReport scan(boolean atExit) {
        AgentOptions o = options;
        return scanner().scan(o.threshold(), atExit, new FrameFilter(o.skip()));
    }

    String textReport() {
        return TextReport.render(scan(), new FrameFilter(options.skip()));
    }

    String jsonReport() {
        return JsonReport.render(scan());
    }

    String htmlReport() {
        LeakReport report = scan();
        return HtmlReport.render(report, scanner().history(), new FrameFilter(options.skip()));
    }

    /**
     * Scans every {@code interval}; after a failed scan it waits longer each time (see {@link ScanSchedule}), so
     * a persistent fault costs a scan now and then, never a retry storm. Nothing ends the loop but a stop.
     */
    private void scanLoop() {
        int failures = 0;
        while (!stopped) {
            try {
                awaitNextScan(ScanSchedule.delayMillis(options.interval(), failures));
            } catch (InterruptedException newOptionsOrStop) {
                continue;
            }
            try {
                publish(scan(), false);
                failures = 0;
            } catch (Throwable t) {
                errors.record("scanner", t);
                if (failures++ == 0) {
                    Log.warn("a scan failed ({}); retrying with growing pauses", String.valueOf(t));
                }
            }
            String jmxOff = registerWithJmxIfInUse();
            if (jmxOff != null) {
                Log.warn("{}", jmxOff);
            }
        }
    }

    /**
     * Sleeps until the next scan, taking the closed connections every {@link #CLOSES_EVERY_MILLIS} meanwhile: their
     * stacks are unresolved until taken, and an unresolved stack pins the classes (and class loader) of the code
     * that closed the socket; whatever the interval, it must not outlive the close by more than that.
     */
    private void awaitNextScan(long delayMillis) throws InterruptedException {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        for (long left = delayMillis; left > 0 && !stopped;
                left = TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())) {
            Thread.sleep(Math.min(left, CLOSES_EVERY_MILLIS));
            followRecordingsOnceJfrRuns();
            hooks.warnAboutNewFailures();
            try {
                scanner().takeClosedConnections();
            } catch (Throwable e) { // the first call builds the scanner: its classes load here
                errors.record("scanner", e);
            }
        }
    }

    private void exitReport() {
        try {
            if (!stopped) {
                hooks.warnAboutNewFailures();
                publish(scan(true), true);
            }
        } catch (Throwable t) {
            errors.record("exit report", t);
        }
    }

    private void publish(LeakReport report, boolean atExit) {
        latest = report.summary();
        publisher.publish(report, scanner().history(), options, atExit);
    }
}
