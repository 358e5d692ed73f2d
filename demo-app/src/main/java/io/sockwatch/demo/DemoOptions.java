package io.sockwatch.demo;

import java.util.List;

/** The demo's command line: {@code [--scenario <name>] [--hold <seconds>|forever] [--help]}. */
final class DemoOptions {

    static final String USAGE =
            "usage: java -jar sockwatch-demo.jar [--scenario <name>] [--hold <seconds>|forever] [--help]";
    private static final long DEFAULT_HOLD_SECONDS = 15;
    private static final String FOREVER = "forever";
    private static final String HOLD_FORM = "--hold <seconds> (a whole number >= 0) or --hold forever";

    /** A bad command line; the message is the single line shown to the user. */
    static final class InvalidArgument extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidArgument(String message) {
            super(message, null, false, false); // a user error, not a bug: no stack trace to fill
        }
    }

    private final String scenario;
    private final long holdSeconds;
    private final boolean holdForever;
    private final boolean help;

    private DemoOptions(String scenario, long holdSeconds, boolean holdForever, boolean help) {
        this.scenario = scenario;
        this.holdSeconds = holdSeconds;
        this.holdForever = holdForever;
        this.help = help;
    }

    static DemoOptions parse(String[] args, List<String> validScenarios) throws InvalidArgument {
        String scenario = Scenarios.ALL;
        long holdSeconds = DEFAULT_HOLD_SECONDS;
        boolean holdForever = false;
        boolean help = false;
        String validList = "valid: " + String.join(", ", validScenarios);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help":
                    help = true;
                    break;
                case "--scenario":
                    scenario = valueOf(args, ++i, "--scenario", validList);
                    if (!validScenarios.contains(scenario)) {
                        throw new InvalidArgument("unknown scenario '" + scenario + "'; " + validList);
                    }
                    break;
                case "--hold":
                    String hold = valueOf(args, ++i, "--hold", "valid: " + HOLD_FORM);
                    holdForever = FOREVER.equals(hold);
                    holdSeconds = holdForever ? 0 : parseSeconds(hold);
                    break;
                default:
                    throw new InvalidArgument("unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        return new DemoOptions(scenario, holdSeconds, holdForever, help);
    }

    private static String valueOf(String[] args, int index, String option, String validForm)
            throws InvalidArgument {
        if (index >= args.length) {
            throw new InvalidArgument(option + " needs a value; " + validForm);
        }
        return args[index];
    }

    private static long parseSeconds(String text) throws InvalidArgument {
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid form
        }
        throw new InvalidArgument("bad --hold value '" + text + "'; valid: " + HOLD_FORM);
    }

    /** The help text printed for {@code --help}. */
    static String help(List<Scenario> scenarios) {
        StringBuilder text = new StringBuilder(USAGE).append('\n')
                .append("  --scenario <name>  one scenario, or all (default)\n")
                .append("  --hold <seconds>   stay alive this long after the scenarios ran (default ")
                .append(DEFAULT_HOLD_SECONDS).append("); forever for attach demos\n")
                .append("scenarios:\n");
        for (Scenario scenario : scenarios) {
            text.append("  ").append(scenario.name()).append(": ").append(scenario.expectation()).append('\n');
        }
        return text.toString();
    }

    String scenario() {
        return scenario;
    }

    long holdSeconds() {
        return holdSeconds;
    }

    boolean holdForever() {
        return holdForever;
    }

    boolean help() {
        return help;
    }
}
