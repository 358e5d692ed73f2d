package io.sockwatch.it;

import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.it.apps.AttachTarget;
import io.sockwatch.it.apps.GrowingLeaks;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.Target;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTML report as a reader sees it, loaded from the file the agent wrote into a headless browser engine
 * (HtmlUnit) with scripts and remote resources off: titles, the sites, one chart per series with a point per scan.
 */
class HtmlReportIT {
    private static final List<String> CHARTS = List.of("Tracked sockets by TCP state", "CLOSE_WAIT by leak site",
            "TIME_WAIT by close site", "File descriptors against the limit");

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void htmlOptionWritesAPageWithTheHistoryAndTheSites(TestJdk jdk, @TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        AgentRun run = AgentRun.run(jdk, dir, "interval=200ms,threshold=500ms,html=" + html, GrowingLeaks.class);
        assertEquals(0, run.exitCode, run.describe());
        assertTrue(Files.size(html) < 1_000_000, Files.size(html) + " bytes");
        try (WebClient browser = offlineBrowser()) {
            HtmlPage page = browser.getPage(html.toUri().toURL());
            assertTrue(page.getTitleText().startsWith("sockwatch report, pid "), page.getTitleText());
            String text = page.asNormalizedText();
            for (String heading : List.of("Summary", "History", "Leaks: CLOSE_WAIT by site", "TIME_WAIT by close site",
                    "Ephemeral ports by destination", "TCP states of this process now")) {
                assertTrue(page.querySelectorAll("h2").stream().anyMatch(h -> h.asNormalizedText().equals(heading)),
                        "heading " + heading);
            }
            assertTrue(text.contains(GrowingLeaks.ROUNDS + " socket(s) in CLOSE_WAIT opened at "
                    + frame(GrowingLeaks.class, "main", "open:growing-leak")), text);
            assertTrue(text.contains("closed first at " + frame(GrowingLeaks.class, "main", "close:short-lived")), text);
            assertTrue(text.contains("CLOSE_WAIT: " + GrowingLeaks.ROUNDS), "the state diagram's count: " + text);

            int scans = scans(text);
            assertTrue(scans >= 3, scans + " scans: a history, not one point");
            assertEquals(CHARTS, charts(page, scans));
        }
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void cliWritesTheHtmlReportOfAnAttachedJvm(TestJdk jdk, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(jdk, dir, List.of(), AttachTarget.class)) {
            target.await("ready");
            target.cli("attach", "" + target.pid(), "interval=200ms,threshold=200ms").expect(0);
            target.touch("leak-1");
            target.await("leaked-1");
            Thread.sleep(1_000);
            Path html = dir.resolve("cli.html");
            String out = target.cli("report", "" + target.pid(), "--html", html.toString()).expect(0).stdout;
            assertTrue(out.contains(html.toString()), out);
            try (WebClient browser = offlineBrowser()) {
                HtmlPage page = browser.getPage(html.toUri().toURL());
                String text = page.asNormalizedText();
                assertTrue(text.contains("1 socket(s) in CLOSE_WAIT opened at "
                        + frame(AttachTarget.class, "leakAfterAttach", "open:after-attach")), text);
                assertEquals(CHARTS, charts(page, scans(text)));
            }
            target.cli("detach", "" + target.pid()).expect(0);
            assertEquals(0, target.stop());
        }
    }

    private static WebClient offlineBrowser() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setDownloadImages(false);
        return browser;
    }

    /** The number of scans the history caption states. */
    private static int scans(String text) {
        Matcher m = Pattern.compile("(\\d+) scan\\(s\\)").matcher(text);
        assertTrue(m.find(), text);
        return Integer.parseInt(m.group(1));
    }

    /** Each chart's caption, after checking that every line of it has a point per scan. */
    private static List<String> charts(HtmlPage page, int scans) {
        List<String> captions = new ArrayList<>();
        for (DomNode figure : page.querySelectorAll("figure.chart")) {
            String caption = figure.querySelector("figcaption").asNormalizedText();
            captions.add(caption);
            List<DomNode> lines = new ArrayList<>(figure.querySelectorAll("polyline"));
            assertTrue(!lines.isEmpty(), "no line in chart " + caption);
            for (DomNode line : lines) {
                String points = ((DomElement) line).getAttribute("points").trim();
                assertEquals(scans, points.split(" ").length, caption + ": " + points);
            }
        }
        return captions;
    }
}
