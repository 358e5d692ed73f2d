package io.sockwatch.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

/**
 * docs/report.schema.json, the published JSON Schema (2020-12) of the JSON report and of explain's JSON. It is
 * strict (no unknown fields), so a field renamed or added in the code without the schema fails the test that
 * produced the report.
 */
public final class ReportSchema {
    /** Tests run in the agent module's directory. */
    public static final Path FILE = Paths.get("..", "docs", "report.schema.json").toAbsolutePath().normalize();

    private static final Schema SCHEMA = load();

    private ReportSchema() {
    }

    /** What the schema finds wrong with {@code json}, one line each; empty when it is valid. */
    public static List<String> problems(String json) {
        List<Error> errors = SCHEMA.validate(json, InputFormat.JSON);
        return errors.stream()
                .map(e -> "at /" + e.getInstanceLocation().toString().replaceFirst("^/", "") + ": " + e.getMessage())
                .collect(Collectors.toList());
    }

    public static void assertValid(String json) {
        List<String> problems = problems(json);
        if (!problems.isEmpty()) {
            throw new AssertionError("not as " + FILE + " describes (update the schema and docs/report-format.md "
                    + "with the code):\n  " + String.join("\n  ", problems) + "\nin: "
                    + json.substring(0, Math.min(json.length(), 2000)));
        }
    }

    private static Schema load() {
        try (InputStream in = Files.newInputStream(FILE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report schema " + FILE, e);
        }
    }
}
