package io.sockwatch.demo;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reproduces CLOSE_WAIT leaks and their harmless look-alikes on loopback, then stays alive long enough for
 * sockwatch to report them.
 */
public final class DemoMain {

    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_BAD_ARGUMENTS = 2;

    private DemoMain() {
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, Scenarios.validNames());
        } catch (DemoOptions.InvalidArgument e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(EXIT_BAD_ARGUMENTS);
            return;
        }
        if (options.help()) {
            System.out.print(DemoOptions.help(Scenarios.all()));
            return;
        }
        // Exit explicitly: a hung handler thread must not keep the demo alive.
        System.exit(run(options));
    }

    private static int run(DemoOptions options) {
        List<Scenario> scenarios = Scenarios.select(options.scenario());
        log.info("sockwatch demo, pid {} (attach sockwatch to this pid)", ProcessHandle.current().pid());
        for (Scenario scenario : scenarios) {
            log.info("{}: {}", scenario.name(), scenario.expectation());
        }
        try {
            for (Scenario scenario : scenarios) {
                log.info("{}: running", scenario.name());
                scenario.run();
            }
            hold(options);
            for (Scenario scenario : scenarios) {
                scenario.endOfRun();
            }
        } catch (Exception e) {
            log.error("demo failed", e);
            return EXIT_FAILED;
        }
        log.info("done");
        return 0;
    }

    private static void hold(DemoOptions options) throws InterruptedException {
        if (options.holdForever()) {
            log.info("all scenarios ran; holding until killed");
            Thread.sleep(Long.MAX_VALUE);
        } else {
            log.info("all scenarios ran; holding {} s so sockwatch can report", options.holdSeconds());
            TimeUnit.SECONDS.sleep(options.holdSeconds());
        }
    }
}
