package io.sockwatch.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The JVMs every integration test runs the agent on: JDK 17, JDK 17 on the legacy PlainSocketImpl (the code
 * path JDK 11 uses), and the Temurin 25 JDK. A missing JDK 25 fails the tests: it is never silently skipped.
 */
public enum TestJdk {
    JDK17("jdk17"),
    JDK17_PLAIN_SOCKET_IMPL("jdk17-plain", "-Djdk.net.usePlainSocketImpl=true"),
    JDK25("jdk25");

    private final String label;
    private final List<String> flags;

    TestJdk(String label, String... flags) {
        this.label = label;
        this.flags = Collections.unmodifiableList(Arrays.asList(flags));
    }

    /** The java launcher; each use is recorded under target/jdk-runs so CI can prove every JDK really ran. */
    public Path java() {
        try {
            Path runs = Files.createDirectories(Paths.get("target/jdk-runs"));
            Files.write(runs.resolve(label), new byte[0]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the JDK run: " + e, e);
        }
        if (this == JDK25) {
            return jdk25().resolve("bin/java");
        }
        Path home = Paths.get(System.getProperty("java.home"));
        if (!System.getProperty("java.specification.version").equals("17")) {
            throw new IllegalStateException("tests must run on JDK 17 (the build JDK); this is " + home);
        }
        return home.resolve("bin/java");
    }

    public List<String> flags() {
        return flags;
    }

    /** The JDK 25 home under /usr/lib/jvm (any vendor directory with 25 in its name). */
    public static Path jdk25() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Paths.get("/usr/lib/jvm"), "*25*")) {
            for (Path d : dirs) {
                if (Files.isExecutable(d.resolve("bin/java"))) {
                    found.add(d);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /usr/lib/jvm to find JDK 25: " + e, e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no JDK 25 found under /usr/lib/jvm/*25*: the JDK 25 tests cannot run");
        }
        Collections.sort(found);
        return found.get(found.size() - 1);
    }

    @Override
    public String toString() {
        return label;
    }
}
