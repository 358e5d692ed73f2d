package io.sockwatch.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The agent's options: {@code key=value} pairs separated by commas, as given after
 * {@code -javaagent:sockwatch-agent.jar=} or to {@code attach}. Immutable; a bad option is reported in one
 * line and ignored, so the application always starts.
 */
public final class AgentOptions {
    public static final String VALID_FORM = "interval=<100ms..1h>, threshold=<100ms..30d>, json=<path>, html=<path>, "
            + "report=<stderr|off|path>, skip=<prefix>[:<prefix>...], stacks=<sampled|all>, jmxSites=<0..1000> "
            + "(durations like 500ms, 2s, 1m)";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(30);
    /** Below it scans would cost the host a core; above it a report is too stale to act on. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_THRESHOLD = Duration.ofMillis(100);
    static final Duration MAX_THRESHOLD = Duration.ofDays(30);
    /** Sites with an MBean each (leak sites, and close sites): bounds the series an exporter makes of them. */
    static final int DEFAULT_JMX_SITES = 20;
    static final int MAX_JMX_SITES = 1000;

    private final Duration interval;
    private final Duration threshold;
    private final Path json;
    private final Path html;
    private final String report;
    private final List<String> skip;
    private final boolean allStacks;
    private final int jmxSites;

    private AgentOptions(Duration interval, Duration threshold, Path json, Path html, String report,
                         List<String> skip, boolean allStacks, int jmxSites) {
        this.interval = interval;
        this.threshold = threshold;
        this.json = json;
        this.html = html;
        this.report = report;
        this.skip = skip;
        this.allStacks = allStacks;
        this.jmxSites = jmxSites;
    }

    public static AgentOptions defaults() {
        return new AgentOptions(DEFAULT_INTERVAL, DEFAULT_THRESHOLD, null, null, "stderr", Collections.emptyList(), false,
                DEFAULT_JMX_SITES);
    }

    /**
     * Parses {@code text} (null or empty means defaults); each problem is added to {@code problems} as one line that
     * says what is used instead. A list, not a callback: the agent parses at start-up, where a lambda is a class spun
     * at run time.
     */
    public static AgentOptions parse(String text, List<String> problems) {
        return parse(text, problems, true);
    }

    /** The problems of {@code text}, without what the agent would fall back to (the CLI refuses them instead). */
    public static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        parse(text, problems, false);
        return problems;
    }

    private static AgentOptions parse(String text, List<String> problems, boolean sayFallback) {
        AgentOptions options = defaults();
        if (text == null || text.trim().isEmpty()) {
            return options;
        }
        for (String pair : text.split(",", -1)) {
            String item = pair.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                String problem = "option '" + item + "' is not key=value; valid options: " + VALID_FORM;
                problems.add(sayFallback ? problem + "; ignored, using the other options" : problem);
                continue;
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            try {
                options = options.with(key, value);
            } catch (IllegalArgumentException e) {
                problems.add(sayFallback ? e.getMessage() + "; ignored, using " + options.describe(key)
                        : e.getMessage());
            }
        }
        return options;
    }

    private AgentOptions with(String key, String value) {
        switch (key) {
            case "interval":
                return new AgentOptions(duration(key, value, MIN_INTERVAL, MAX_INTERVAL), threshold, json, html, report,
                        skip, allStacks, jmxSites);
            case "threshold":
                return new AgentOptions(interval, duration(key, value, MIN_THRESHOLD, MAX_THRESHOLD), json, html, report,
                        skip, allStacks, jmxSites);
            case "json":
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("json= needs a file path, e.g. json=/tmp/sockwatch.json");
                }
                return new AgentOptions(interval, threshold, Paths.get(value), html, report, skip, allStacks, jmxSites);
            case "html":
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("html= needs a file path, e.g. html=/tmp/sockwatch.html");
                }
                return new AgentOptions(interval, threshold, json, Paths.get(value), report, skip, allStacks, jmxSites);
            case "report":
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("report= needs stderr, off or a file path");
                }
                return new AgentOptions(interval, threshold, json, html, value, skip, allStacks, jmxSites);
            case "skip":
                List<String> prefixes = new ArrayList<>();
                for (String p : value.split(":")) {
                    if (!p.trim().isEmpty()) {
                        prefixes.add(p.trim());
                    }
                }
                return new AgentOptions(interval, threshold, json, html, report, Collections.unmodifiableList(prefixes),
                        allStacks, jmxSites);
            case "stacks":
                if (!value.equals("all") && !value.equals("sampled")) {
                    throw new IllegalArgumentException("stacks='" + value + "' is not sampled or all");
                }
                return new AgentOptions(interval, threshold, json, html, report, skip, value.equals("all"), jmxSites);
            case "jmxSites":
                if (!value.matches("\\d{1,4}") || Integer.parseInt(value) > MAX_JMX_SITES) {
                    throw new IllegalArgumentException("jmxSites='" + value + "' is not a number from 0 to "
                            + MAX_JMX_SITES);
                }
                return new AgentOptions(interval, threshold, json, html, report, skip, allStacks,
                        Integer.parseInt(value));
            default:
                throw new IllegalArgumentException("unknown option '" + key + "'; valid options: " + VALID_FORM);
        }
    }

    private String describe(String key) {
        switch (key) {
            case "interval":
                return "interval=" + format(interval);
            case "threshold":
                return "threshold=" + format(threshold);
            case "json":
                return json == null ? "no JSON file" : "json=" + json;
            case "html":
                return html == null ? "no HTML file" : "html=" + html;
            case "report":
                return "report=" + report;
            case "skip":
                return skip.isEmpty() ? "no extra skip prefixes" : "skip=" + String.join(":", skip);
            case "stacks":
                return "stacks=" + (allStacks ? "all" : "sampled");
            case "jmxSites":
                return "jmxSites=" + jmxSites;
            default:
                return "the other options";
        }
    }

    private static Duration duration(String key, String value, Duration min, Duration max) {
        Duration d = parseDuration(value);
        if (d == null) {
            throw new IllegalArgumentException(key + "='" + value + "' is not a duration; use a positive number "
                    + "with a unit: 500ms, 2s, 1m, 1h, 1d");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + "='" + value + "' is out of range; use " + format(min) + " to "
                    + format(max));
        }
        return d;
    }

    /** A loop, not a stream: a stream's classes and its lambda's would be loaded and spun in the host at an attach. */
    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}; null when malformed. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (String unit : Arrays.asList("ms", "s", "m", "h", "d")) {
            if (t.endsWith(unit) && t.length() > unit.length()) {
                String number = t.substring(0, t.length() - unit.length());
                if (!isDigits(number) || number.length() > 9) {
                    continue; // "5ms" also ends with "s": try the next unit
                }
                long n = Long.parseLong(number);
                switch (unit) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            }
        }
        return null;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    public Duration interval() {
        return interval;
    }

    public Duration threshold() {
        return threshold;
    }

    /** The JSON report file, or null for none. */
    public Path json() {
        return json;
    }

    /** The HTML report file, or null for none. */
    public Path html() {
        return html;
    }

    /** {@code stderr}, {@code off}, or a file path for the text report. */
    public String report() {
        return report;
    }

    /** Extra class-name prefixes that are never the application frame of an allocation stack. */
    public List<String> skip() {
        return skip;
    }

    /** These options with {@code stacks=} as in {@code started}: it cannot change while sockwatch runs. */
    AgentOptions withStacksOf(AgentOptions started) {
        return new AgentOptions(interval, threshold, json, html, report, skip, started.allStacks, jmxSites);
    }

    /** Capture every allocation stack, even at extreme churn (see docs/design.md). Applies when sockwatch starts. */
    public boolean allStacks() {
        return allStacks;
    }

    /** Leak sites, and close sites, that get an MBean each: the top ones of each scan. */
    public int jmxSites() {
        return jmxSites;
    }

    @Override
    public String toString() {
        return "interval=" + format(interval) + ",threshold=" + format(threshold)
                + (json == null ? "" : ",json=" + json) + (html == null ? "" : ",html=" + html) + ",report=" + report
                + (skip.isEmpty() ? "" : ",skip=" + String.join(":", skip)) + (allStacks ? ",stacks=all" : "")
                + (jmxSites == DEFAULT_JMX_SITES ? "" : ",jmxSites=" + jmxSites);
    }
}
