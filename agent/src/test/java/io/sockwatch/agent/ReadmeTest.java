package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's test command is the one CI runs (.ci/run), so a reader runs what CI runs. */
class ReadmeTest {
    /** Tests run in the agent module's directory. */
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    @Test
    void theReadmesTestCommandIsWhatCiRuns() throws IOException {
        Matcher command = Pattern.compile("```\n(mvn [^\n]*verify[^\n]*)\n```").matcher(read("README.md"));
        assertTrue(command.find(), "the README shows a mvn ... verify command in a block of its own");
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertTrue(ci.stream().anyMatch(line -> line.trim().equals(command.group(1))),
                ".ci/run does not run the README's test command '" + command.group(1) + "'");
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }
}
