package io.sockwatch.agent.cli;

import io.sockwatch.agent.AgentOptions;
import io.sockwatch.agent.log.Printable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar sockwatch-agent.jar <command>}: list, attach, report, detach, help. Exit codes: 0 ok,
 * 1 failure, 2 usage. Every failure is one line saying what went wrong and what to do.
 */
public final class SockwatchCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** The command lines, quoted by {@code help} and by every usage error (docs/usage.md quotes {@code help}). */
    static final String ATTACH_FORM = "attach <pid> [options] [--report | --json]";
    static final String REPORT_FORM = "report <pid> [--json | --html FILE]";
    static final String DETACH_FORM = "detach <pid>";

    static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar sockwatch-agent.jar <command>",
            "  list                      local JVMs; [sockwatch] marks those running it (attaches to none)",
            "  " + ATTACH_FORM,
            "                            start sockwatch in a running JVM (again: update its options); with",
            "                            --report or --json, also print its first report (sockets from before",
            "                            the attach included), in the same round trip",
            "  " + REPORT_FORM,
            "                            the current leak report of a JVM running sockwatch (--html: a page with",
            "                            its history as charts, written to FILE)",
            "  " + DETACH_FORM + "              remove sockwatch from a JVM: its threads, hooks and MXBean go; three",
            "                            inert classes stay (the JVM cannot unload them)",
            "  " + ExplainCommand.FORM,
            "                            name the code that holds the JVM's CLOSE_WAIT sockets and stalled readers,",
            "                            from a heap dump (with or without sockwatch in it; without --yes it only says",
            "                            what it would do); --skip= as the skip= option",
            "  help                      this text",
            "options: key=value, separated by commas or spaces: " + AgentOptions.VALID_FORM,
            "exit codes: 0 ok, 1 failure, 2 usage");

    private SockwatchCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String command = args[0];
        try {
            switch (command) {
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE_TEXT);
                    return OK;
                case "list":
                    expectArgs(args, 1, 1, "list");
                    return attachClient().list(out);
                case "attach": {
                    String form = ATTACH_FORM;
                    expectArgs(args, 2, Integer.MAX_VALUE, form);
                    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
                    boolean text = rest.remove("--report");
                    boolean json = rest.remove("--json");
                    if (text && json) {
                        throw new UsageException("--report and --json exclude each other; valid form: " + form);
                    }
                    for (String arg : rest) {
                        if (arg.startsWith("-")) {
                            throw new UsageException("unknown flag '" + arg + "'; valid form: " + form);
                        }
                    }
                    long pid = pid(args[1]);
                    // "interval=1s threshold=5s" is read like "interval=1s,threshold=5s"
                    String options = String.join(",", rest);
                    List<String> problems = AgentOptions.problems(options);
                    if (!problems.isEmpty()) {
                        throw new UsageException(problems.get(0) + "; nothing was attached");
                    }
                    return attachClient().attach(pid, options, json ? "json" : text ? "text" : null, out, err);
                }
                case "report": {
                    String form = REPORT_FORM;
                    expectArgs(args, 2, 4, form);
                    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
                    boolean json = rest.remove("--json");
                    Path html = null;
                    int htmlAt = rest.indexOf("--html");
                    if (htmlAt >= 0) {
                        if (json || htmlAt + 1 >= rest.size()) {
                            throw new UsageException("--html needs a FILE and excludes --json; valid form: " + form);
                        }
                        html = Paths.get(rest.remove(htmlAt + 1));
                        rest.remove(htmlAt);
                    }
                    for (String arg : rest) {
                        if (arg.startsWith("-")) {
                            throw new UsageException("unknown flag '" + arg + "'; valid form: " + form);
                        }
                    }
                    if (rest.size() != 1) {
                        throw new UsageException("expected one pid, got '" + String.join(" ", rest)
                                + "'; valid form: " + form);
                    }
                    long pid = pid(rest.get(0));
                    return html != null ? attachClient().htmlReport(pid, html, out)
                            : attachClient().report(pid, json, out);
                }
                case "detach":
                    expectArgs(args, 2, 2, DETACH_FORM);
                    return attachClient().detach(pid(args[1]), out);
                case "explain":
                    return explainCommand(args).run(out, err);
                default:
                    throw new UsageException("unknown command '" + command + "'; valid: list, attach, report, detach, "
                            + "explain, help");
            }
        } catch (UsageException e) {
            err.println("sockwatch: " + Printable.text(e.getMessage()));
            return USAGE;
        } catch (CliFailure e) {
            // may quote the target (its reply, its paths): one line, whatever it holds
            err.println("sockwatch: " + Printable.text(e.getMessage()));
            return FAILED;
        }
    }

    private static ExplainCommand explainCommand(String[] args) throws UsageException {
        boolean json = false;
        boolean yes = false;
        boolean keepDump = false;
        Path dir = null;
        double maxPause = ExplainCommand.DEFAULT_MAX_PAUSE_SECONDS;
        Long pid = null;
        List<String> skip = List.of();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--skip=")) {
                String value = args[i].substring("--skip=".length());
                List<String> problems = AgentOptions.problems("skip=" + value);
                if (value.trim().isEmpty() || !problems.isEmpty()) {
                    throw new UsageException("--skip= needs class-name prefixes separated by ':' (a '-' before a "
                            + "prefix turns off a library default), got '" + value + "'; valid form: "
                            + ExplainCommand.FORM);
                }
                skip = AgentOptions.parse("skip=" + value, new ArrayList<>()).skip();
                continue;
            }
            switch (args[i]) {
                case "--json":
                    json = true;
                    break;
                case "--yes":
                    yes = true;
                    break;
                case "--keep-dump":
                    keepDump = true;
                    break;
                case "--dir":
                    if (i + 1 == args.length) {
                        throw new UsageException("--dir needs a directory; valid form: " + ExplainCommand.FORM);
                    }
                    dir = Paths.get(args[++i]);
                    break;
                case "--max-pause":
                    maxPause = seconds(i + 1 < args.length ? args[++i] : null);
                    break;
                default:
                    if (args[i].startsWith("-")) {
                        throw new UsageException("unknown flag '" + args[i] + "'; valid form: " + ExplainCommand.FORM);
                    }
                    if (pid != null) {
                        throw new UsageException("expected one pid, got '" + pid + "' and '" + args[i]
                                + "'; valid form: " + ExplainCommand.FORM);
                    }
                    pid = pid(args[i]);
            }
        }
        if (pid == null) {
            throw new UsageException("missing pid; valid form: " + ExplainCommand.FORM);
        }
        return new ExplainCommand(pid, json, yes, dir, keepDump, skip, maxPause);
    }

    /** A --max-pause value: seconds, a positive number. */
    private static double seconds(String value) throws UsageException {
        try {
            double seconds = value == null ? Double.NaN : Double.parseDouble(value);
            if (seconds > 0 && seconds < 1e6) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new UsageException("--max-pause needs a number of seconds above 0, like --max-pause 30; got "
                + (value == null ? "nothing" : "'" + value + "'") + "; valid form: " + ExplainCommand.FORM);
    }

    private static AttachClient attachClient() {
        return new AttachClient();
    }

    private static void expectArgs(String[] args, int min, int max, String form) throws UsageException {
        if (args.length < min || args.length > max) {
            throw new UsageException((args.length < min ? "missing" : "too many") + " arguments; valid form: " + form);
        }
    }

    static long pid(String text) throws UsageException {
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new UsageException("'" + text + "' is not a process id; expected a positive number, e.g. report 12345 "
                + "(see: java -jar sockwatch-agent.jar list)");
    }

    /** Bad command line: exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The command could not be carried out: exit code 1. */
    static final class CliFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CliFailure(String message) {
            super(message);
        }
    }
}
