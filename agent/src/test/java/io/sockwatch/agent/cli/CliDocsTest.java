package io.sockwatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the docs say about the CLI is what the CLI says: docs/usage.md quotes {@code help} verbatim, every command
 * line in the user docs uses a command and flags that {@code help} lists, and every quoted "valid form" is one of
 * help's command lines.
 */
class CliDocsTest {
    /** Tests run in the agent module's directory. */
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final List<String> USER_DOCS = List.of("README.md", "docs/usage.md", "docs/troubleshooting.md",
            "docs/report-format.md");
    /** A CLI command line as the docs show it: {@code java [-Xmx..] -jar <path>sockwatch-agent.jar <command> ...}. */
    private static final Pattern COMMAND_LINE = Pattern.compile("sockwatch-agent\\.jar ([a-z-]+)([^`\\n]*)");
    private static final Pattern VALID_FORM = Pattern.compile("valid form: ([a-z]+ <pid>[^`\\n;]*)");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z-]+");

    @Test
    void usageMdQuotesHelpVerbatim() throws IOException {
        String help = help();
        assertTrue(read("docs/usage.md").contains("```\n" + help + "```\n"),
                "docs/usage.md has no code block equal to the output of help:\n" + help);
    }

    @Test
    void everyCommandLineInTheDocsUsesACommandAndFlagsHelpLists() throws IOException {
        Map<String, String> forms = forms();
        List<String> wrong = new ArrayList<>();
        for (String doc : USER_DOCS) {
            String text = read(doc);
            Matcher m = COMMAND_LINE.matcher(text);
            while (m.find()) {
                String form = forms.get(m.group(1));
                // a deliberate mistake is shown with the CLI's answer to it
                if (form == null) {
                    if (!text.contains("unknown command '" + m.group(1) + "'")) {
                        wrong.add(doc + ": unknown command in: " + m.group());
                    }
                    continue;
                }
                Matcher flags = FLAG.matcher(m.group(2));
                while (flags.find()) {
                    if (!form.contains(flags.group()) && !text.contains("unknown flag '" + flags.group() + "'")) {
                        wrong.add(doc + ": " + flags.group() + " is not in '" + form + "': " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyQuotedValidFormIsOneOfHelpsCommandLines() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String doc : USER_DOCS) {
            Matcher m = VALID_FORM.matcher(read(doc));
            while (m.find()) {
                String form = m.group(1).trim();
                if (!forms().containsValue(form) && !form.endsWith("…")) {
                    wrong.add(doc + ": " + form);
                }
            }
        }
        assertEquals(List.of(), wrong, "valid forms the CLI does not print");
    }

    @Test
    void usageErrorsQuoteTheFormHelpPrints() {
        assertTrue(run("report", "1", "--xml").contains("valid form: " + SockwatchCli.REPORT_FORM + "\n"));
        assertTrue(run("attach", "1", "--xml").contains("valid form: " + SockwatchCli.ATTACH_FORM + "\n"));
        assertTrue(run("detach").contains("valid form: " + SockwatchCli.DETACH_FORM + "\n"));
        assertTrue(run("explain").contains("valid form: " + ExplainCommand.FORM + "\n"));
        for (String form : List.of(SockwatchCli.REPORT_FORM, SockwatchCli.ATTACH_FORM, SockwatchCli.DETACH_FORM,
                ExplainCommand.FORM)) {
            assertTrue(forms().containsValue(form), form);
        }
    }

    /** Command name → its line in help (the command alone for those without arguments). */
    private static Map<String, String> forms() {
        Map<String, String> forms = new TreeMap<>();
        for (String line : help().split("\n")) {
            Matcher m = Pattern.compile("^  ([a-z]+)( <pid>[^\\n]*?)?(?: {2,}.*)?$").matcher(line);
            if (m.matches()) {
                forms.put(m.group(1), m.group(2) == null ? m.group(1) : (m.group(1) + m.group(2)).trim());
            }
        }
        return forms;
    }

    private static String help() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SockwatchCli.run(new String[] {"help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What a usage error prints on stderr (exit code 2). */
    private static String run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, SockwatchCli.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String read(String doc) throws IOException {
        return Files.readString(ROOT.resolve(doc));
    }
}
