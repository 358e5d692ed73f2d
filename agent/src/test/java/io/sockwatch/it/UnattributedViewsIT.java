package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.HeldBeforeAttach;
import io.sockwatch.testing.Json;
import io.sockwatch.testing.ReportFormat;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 120 sockets in CLOSE_WAIT from before the attach (100 accepted on one port, 20 to one peer) and two leaks after it
 * (one in CLOSE_WAIT, one stalled reader):
 * one scan written as text, JSON and HTML (the {@code report=}, {@code json=} and {@code html=} files of the same
 * scan) agrees on every count, groups the unattributed sockets instead of listing them, and points to {@code explain};
 * the CLI's {@code report --html} shows them too.
 */
class UnattributedViewsIT {

    @ParameterizedTest
    @EnumSource(value = TestJdk.class, names = {"JDK17", "JDK25"})
    void oneScanInTextJsonAndHtmlAgreesAndGroupsTheSocketsFromBeforeTheAttach(TestJdk jdk, @TempDir Path dir)
            throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), HeldBeforeAttach.class)) {
            String[] ready = target.awaitLineStartingWith("ready ").split(" ");
            String local = "127.0.0.1:" + ready[1];
            String peer = "127.0.0.1:" + ready[2];
            String pid = Long.toString(target.pid());
            Path jsonFile = dir.resolve("report.json");
            Path htmlFile = dir.resolve("report.html");
            Path textFile = dir.resolve("report.txt");
            target.cli("attach", pid, "interval=300ms,threshold=200ms,json=" + jsonFile + ",html=" + htmlFile
                    + ",report=" + textFile).expect(0);
            target.touch("leak-1");
            target.await("leaked-1");

            Scan scan = sameScan(jsonFile, textFile, htmlFile);
            Map<String, Object> json = scan.json;
            ReportFormat.assertDocumented(json);
            List<Map<String, Object>> sockets = list(json, "sockets").stream()
                    .filter(s -> "UNATTRIBUTED".equals(s.get("kind"))).collect(Collectors.toList());
            assertEquals(HeldBeforeAttach.ACCEPTED + HeldBeforeAttach.OUTGOING, sockets.size(), "one entry per socket");
            assertEquals(Map.of("CLOSE_WAIT", 120L), map(json, "unattributedStates"));
            List<Map<String, Object>> groups = list(json, "unattributed");
            assertEquals(List.of(List.of(100L, "CLOSE_WAIT", local, "127.0.0.1:*", true),
                    List.of(20L, "CLOSE_WAIT", "127.0.0.1:*", peer, false)), groups.stream()
                    .map(g -> List.of(g.get("count"), g.get("state"), g.get("local"), g.get("remote"), g.get("accepted")))
                    .collect(Collectors.toList()), groups.toString());
            assertEquals(120, groups.stream().mapToInt(g -> ((List<?>) g.get("fds")).size()).sum());
            String leakSite = frame(HeldBeforeAttach.class, "main", "open:after-attach");
            String unreadSite = frame(HeldBeforeAttach.class, "main", "open:unread");
            assertEquals(Set.of(leakSite, unreadSite), list(json, "leaks").stream().map(g -> g.get("site"))
                    .collect(Collectors.toSet()), "the leaks after the attach are tracked");

            // text: the same totals and groups, one line each, and the command that names their code
            String text = scan.text;
            assertTrue(text.contains("\n2 leaked socket(s) in CLOSE_WAIT or with unread data for >= 0.2s at 2 site(s); "
                    + "0 reclaimed by the GC without close(); " + json.get("tracked") + " open socket(s) tracked\n"), text);
            assertTrue(text.contains("1 socket(s) with unread data, nobody reading, opened at " + unreadSite + "\n"), text);
            assertTrue(text.contains("\nplus 120 unattributed socket(s) (opened before sockwatch started, or by native "
                    + "code): CLOSE_WAIT 120; grouped under UNATTRIBUTED below\n"), text);
            assertTrue(text.contains("\nstates of tracked sockets: " + states(map(json, "states")) + "\n"), text);
            String namespace = "states in the network namespace (all processes): " + states(map(json, "namespaceStates"));
            assertTrue(text.contains("\n" + namespace + "\n"), text);
            assertTrue(text.contains("\nUNATTRIBUTED CLOSE_WAIT (opened before sockwatch started, or by native code): "
                    + "120 socket(s) in 2 group(s)\n"), text);
            assertTrue(text.contains("\n  100 in CLOSE_WAIT, local " + local + " (accepted there), peer 127.0.0.1:*, "
                    + "seen in CLOSE_WAIT for "), text);
            assertTrue(text.contains("\n  20 in CLOSE_WAIT, local 127.0.0.1:*, peer " + peer + ", seen in CLOSE_WAIT for "),
                    text);
            assertTrue(text.contains("  to name the code that holds them (from a heap dump; it says the cost first): "
                    + "java -jar sockwatch-agent.jar explain " + pid + "\n"), text);
            assertFalse(text.contains(", inode "), "no line per socket in the text: " + text);
            assertTrue(text.lines().count() < 60, text);

            // HTML: the same totals, groups and counts in the state diagram
            try (WebClient browser = offlineBrowser()) {
                HtmlPage page = browser.getPage(scan.htmlFile.toUri().toURL());
                String html = page.asNormalizedText();
                assertTrue(html.contains("2 leaked socket(s) in CLOSE_WAIT or with unread data at 2 site(s)"), html);
                assertTrue(html.contains("1 socket(s) with unread data, nobody reading, opened at " + unreadSite), html);
                assertTrue(html.contains("1 socket(s) in CLOSE_WAIT opened at " + leakSite), html);
                assertTrue(html.contains(json.get("tracked") + " open socket(s) tracked; states: "
                        + states(map(json, "states"))), html);
                assertTrue(html.contains("plus 120 unattributed socket(s) (opened before sockwatch started, or by native "
                        + "code): CLOSE_WAIT 120"), html);
                assertTrue(html.contains(namespace), html);
                assertEquals(List.of(List.of("100", "CLOSE_WAIT", local + " (accepted there)", "127.0.0.1:*"),
                        List.of("20", "CLOSE_WAIT", "127.0.0.1:*", peer)), rows(page), html);
                assertTrue(html.contains("java -jar sockwatch-agent.jar explain " + pid), html);
                long closeWait = (Long) map(json, "states").getOrDefault("CLOSE_WAIT", 0L) + 120;
                assertTrue(html.contains("CLOSE_WAIT: " + closeWait), "the state diagram counts them: " + html);
            }

            // the CLI's own HTML report, from a scan of its own
            Path cliHtml = dir.resolve("cli.html");
            target.cli("report", pid, "--html", cliHtml.toString()).expect(0);
            try (WebClient browser = offlineBrowser()) {
                String html = browser.<HtmlPage>getPage(cliHtml.toUri().toURL()).asNormalizedText();
                assertTrue(html.contains("plus 120 unattributed socket(s)"), html);
                assertTrue(html.contains("CLOSE_WAIT: 121"), "120 unattributed, 1 tracked: " + html);
            }
            target.cli("detach", pid).expect(0);
            assertEquals(0, target.stop());
        }
    }

    private static final class Scan {
        final Map<String, Object> json;
        final String text;
        final Path htmlFile;

        Scan(Map<String, Object> json, String text, Path htmlFile) {
            this.json = json;
            this.text = text;
            this.htmlFile = htmlFile;
        }
    }

    /**
     * The three files of one scan with both leaks past the threshold: the agent writes JSON, HTML and text after each
     * scan, each with the scan's instant, so they are read until the three instants are the same.
     */
    private static Scan sameScan(Path jsonFile, Path textFile, Path htmlFile) throws Exception {
        Pattern textAt = Pattern.compile("^=== sockwatch report, pid \\d+, (\\S+) ===");
        Pattern htmlAt = Pattern.compile("<p class=\"when\">([^<]+)</p>");
        long deadline = System.currentTimeMillis() + 30_000;
        String seen = "";
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            if (!Files.exists(jsonFile) || !Files.exists(textFile) || !Files.exists(htmlFile)) {
                continue;
            }
            String json = Files.readString(jsonFile);
            String html = Files.readString(htmlFile);
            String text = Files.readString(textFile);
            Map<String, Object> report = Json.object(json);
            Matcher t = textAt.matcher(text);
            Matcher h = htmlAt.matcher(html);
            String textInstant = t.find() ? t.group(1) : "?";
            String htmlInstant = h.find() ? h.group(1) : "?";
            seen = report.get("generatedAt") + " " + textInstant + " " + htmlInstant;
            Path copy = htmlFile.resolveSibling("same-scan.html"); // read by the browser after the agent's next write
            if (list(report, "leaks").size() == 2 && report.get("generatedAt").equals(textInstant)
                    && report.get("generatedAt").equals(htmlInstant)) {
                Files.writeString(copy, html);
                return new Scan(report, text, copy);
            }
        }
        throw new AssertionError("no scan written the three ways with both leaks: " + seen);
    }

    /** {@code CLOSE_WAIT 1, ESTABLISHED 2}, as the text and HTML reports print a state map. */
    private static String states(Map<String, Object> states) {
        return states.isEmpty() ? "none" : states.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The unattributed table's rows: count, state, local, peer. */
    private static List<List<String>> rows(HtmlPage page) {
        List<List<String>> rows = new ArrayList<>();
        for (DomNode row : page.querySelectorAll("#unattributed tr.unattributed")) {
            List<String> cells = new ArrayList<>();
            for (DomNode cell : row.querySelectorAll("td")) {
                cells.add(cell.asNormalizedText());
            }
            rows.add(cells.subList(0, 4));
        }
        return rows;
    }

    private static WebClient offlineBrowser() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setDownloadImages(false);
        return browser;
    }
}
