package io.sockwatch.agent;

import io.sockwatch.agent.StartedParts.Part;
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
import io.sockwatch.agent.render.HtmlReport;
import io.sockwatch.agent.render.JsonReport;
import io.sockwatch.agent.report.LeakReport;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.scan.Scanner;
import io.sockwatch.agent.render.TextReport;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A running sockwatch: hooks, registry, and the scanner thread that turns them into reports. At most one per
 * JVM; a second start (attach again) only updates the options. Start and stop are synchronous: when the CLI's
 * detach returns, no sockwatch thread, hook, shutdown hook or MBean is left. Start is all or nothing: a part that
 * fails (a JVM at its thread limit cannot start a thread) undoes the parts started before it, as a stop would.
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
    /** Installed by {@link #startParts}, before any thread that uses them starts. */
    private SocketHooks hooks;
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
    /** The CLI's request channel once a CLI request came; written under Sockwatch.class. */
    private volatile CliChannel channel;
    /** Stops following JFR recordings; set by the scanner thread once Flight Recorder runs, null before. */
    private Runnable jfr;
    /** What undoes the start, for a stop or a start that fails half-way; guarded by Sockwatch.class. */
    private final StartedParts started;

    // What runs at start-up is written without lambdas and method references: each is a class spun at run time,
    // about 0.5 ms apiece on JDK 25 before the application's main (docs/design.md, "Start-up").
    private Sockwatch(Instrumentation inst, AgentOptions options) {
        this.inst = inst;
        this.options = options;
        this.registry = new SocketRegistry(options.allStacks());
        this.scannerThread = new AgentThread("scanner", new Runnable() {
            @Override
            public void run() {
                scanLoop();
            }
        });
        this.shutdownHook = new AgentThread("exit-report", new Runnable() {
            @Override
            public void run() {
                exitReport();
            }
        });
        this.started = new StartedParts(new StartedParts.Undo() {
            @Override
            public void undo(Part part) throws Exception {
                undoPart(part);
            }
        });
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
        Sockwatch starting = null;
        try {
            starting = new Sockwatch(inst, options);
            starting.startParts();
            running = starting;
            Log.info("tracking sockets ({}){}", options, attached ? "; attached" : "");
            return null;
        } catch (Throwable t) {
            String notUndone = starting == null ? null : starting.undoStart();
            String problem = "could not start (" + t + ")" + (notUndone == null ? "" : ", and " + notUndone)
                    + "; socket tracking is off, the application runs on";
            Log.warn("{}", problem, t);
            return problem;
        }
    }

    /** Starts one part after the other, each recorded with its undo once done (a part that failed left nothing). */
    private void startParts() throws Exception {
        started.done(Part.RECORDS);
        hooks = SocketHooks.install(inst, registry, errors); // undoes itself if it fails
        started.done(Part.HOOKS);
        Clock.start(new Runnable() {
            @Override
            public void run() {
                checkUnclosed();
            }
        });
        started.done(Part.CLOCK);
        scannerThread.start();
        started.done(Part.SCANNER);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        started.done(Part.SHUTDOWN_HOOK);
    }

    private void undoPart(Part part) throws Exception {
        switch (part) {
            case RECORDS:
                registry.clear();
                break;
            case HOOKS:
                hooks.uninstall();
                break;
            case CLOCK:
                Clock.stop();
                break;
            case SCANNER:
                stopScanner();
                break;
            case SHUTDOWN_HOOK:
                removeShutdownHook();
                break;
            default:
                throw new AssertionError(part);
        }
    }

    /** Undoes every part that was started, last first; null, or what could not be undone. */
    private String undoStart() {
        stopped = true; // from here on the scanner, the exit report and JMX do nothing
        return started.undoAll();
    }

    /** Its MXBean and JFR listener go too: only the scanner thread makes them. */
    private void stopScanner() {
        closeJmx();
        stopFollowingRecordings();
        scannerThread.interrupt();
        joinQuietly(scannerThread);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the exit report sees stopped and does nothing
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

    /**
     * Registers the MXBeans once the application uses JMX, and shows the last scan's top sites; null, or why it
     * cannot. Not before a scan succeeded: the attributes read the last scan, never scan.
     */
    private String updateJmxIfInUse() {
        ReportSummary summary = latest;
        JmxRegistration registration;
        synchronized (this) {
            if (stopped || summary == null) { // stop() closes a registration made before, and none may be made after
                return null;
            }
            if (jmx == null) {
                jmx = new JmxRegistration(new SockwatchMBeanImpl(new SockwatchMBeanImpl.Source() {
                    @Override
                    public ReportSummary latest() {
                        return latest;
                    }

                    @Override
                    public String options() {
                        return options.toString();
                    }

                    @Override
                    public String textReport() {
                        return Sockwatch.this.textReport();
                    }

                    @Override
                    public String jsonReport() {
                        return Sockwatch.this.jsonReport();
                    }
                }));
            }
            registration = jmx;
        }
        return registration.update(summary, options.jmxSites()); // refuses once closed
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
     * Removes the shutdown hook, stops and joins sockwatch's threads, removes the hooks and forgets every record:
     * the undo of every part of the start (see {@link StartedParts}); a later attach starts afresh. Returns null,
     * or what could not be undone.
     */
    static synchronized String stop() {
        Sockwatch s = running;
        if (s == null) {
            return null;
        }
        running = null;
        if (s.channel != null) {
            s.channel.close(); // first: no request may come in while the rest stops
        }
        String notUndone = s.undoStart();
        if (notUndone == null) {
            Log.info("detached; JDK socket classes restored");
            return null;
        }
        String problem = "detached, but " + notUndone + "; what is left does nothing";
        Log.warn("{}", problem);
        return problem;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    AgentOptions options() {
        return options;
    }

    /** A fresh report of every socket (scans now). */
    private LeakReport scan() {
        return scan(false, true);
    }

    private LeakReport scan(boolean atExit, boolean everySocket) {
        AgentOptions o = options;
        return scanner().scan(o.threshold(), atExit, new FrameFilter(o.skip()), everySocket);
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
                // the summary, history and leak events need only the notable sockets; a report file, every one
                publish(scan(false, ReportPublisher.listsEverySocket(options)), false);
                failures = 0;
            } catch (Throwable t) {
                errors.record("scanner", t);
                if (failures++ == 0) {
                    Log.warn("a scan failed ({}); retrying with growing pauses", String.valueOf(t));
                }
            }
            String jmxOff = updateJmxIfInUse();
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
                if (registry.hasClosedConnections()) { // a JVM that closes nothing builds no scanner before its scan
                    scanner().takeClosedConnections();
                }
            } catch (Throwable e) { // the first call builds the scanner: its classes load here
                errors.record("scanner", e);
            }
        }
    }

    private void exitReport() {
        CliChannel open = channel;
        if (open != null) {
            open.close(); // its directory in /tmp goes with the JVM
        }
        try {
            if (!stopped) {
                hooks.warnAboutNewFailures();
                if (nothingToScanAtExit()) {
                    publisher.publishNothingOpenAtExit(options, errors);
                } else {
                    publish(scan(true, true), true);
                }
            }
        } catch (Throwable t) {
            errors.record("exit report", t);
        }
    }

    /** No report file to write, no tracked socket open and none reclaimed since start: a scan finds nothing. */
    private boolean nothingToScanAtExit() {
        return !ReportPublisher.listsEverySocket(options) && registry.isEmpty()
                && registry.reclaimed().total() == 0;
    }

    private void publish(LeakReport report, boolean atExit) {
        latest = report.summary(scanner().scans());
        publisher.publish(report, scanner().history(), options, atExit);
    }
}
