package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.fail;

import io.sockwatch.testing.TestJdk;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The user's project in src/test/leaky-project, built by Maven as a user builds it, against sockwatch's artifacts
 * installed in a local repository of its own. Everything else the build needs comes from this build's local
 * repository, used as a file mirror: no network, and nothing of ours is written into the shared repository.
 */
final class TestProject {
    static final Path SOURCES = Paths.get("src/test/leaky-project").toAbsolutePath();
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Path ROOT = Paths.get(System.getProperty("sockwatch.rootDir", "..")).toAbsolutePath();
    private static final Path WORK = Paths.get("target/leaky-project").toAbsolutePath();
    private static final Path REPOSITORY = WORK.resolve("repository");
    private static final Path SETTINGS = WORK.resolve("settings.xml");

    private TestProject() {
    }

    /** Installs sockwatch's parent pom, agent and JUnit extension into the project's own local repository. */
    static void installArtifacts() throws IOException {
        install("sockwatch-parent", ROOT.resolve("pom.xml"), null);
        install("sockwatch-agent", ROOT.resolve("agent/pom.xml"), Paths.get(System.getProperty("sockwatch.agentJar")));
        install("sockwatch-junit", ROOT.resolve("junit/pom.xml"), Paths.get(System.getProperty("sockwatch.junitJar")));
        Path mirror = Paths.get(System.getProperty("sockwatch.localRepository"));
        Files.writeString(SETTINGS, "<settings><mirrors><mirror><id>this-build</id><mirrorOf>*</mirrorOf><url>"
                + mirror.toUri() + "</url></mirror></mirrors></settings>\n");
    }

    private static void install(String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(REPOSITORY.resolve("io/sockwatch/" + artifact + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Runs {@code mvn test} on a fresh copy of the project, named {@code run}, with its tests on {@code jdk};
     * returns each test's outcome by "Class.method" ("Class" for a class-level failure): null when it passed, else
     * its failure message.
     */
    static Map<String, String> test(String run, TestJdk jdk, String... mavenArgs) throws Exception {
        Path copy = WORK.resolve(run);
        deleteTree(copy);
        copyTree(SOURCES, copy);
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-q", "-nsu", "-s", SETTINGS.toString(), "-Dmaven.repo.local=" + REPOSITORY,
                "-Dmaven.test.failure.ignore=true", "-Djvm=" + jdk.java()));
        command.addAll(List.of(mavenArgs));
        command.add("test");
        Path log = copy.resolve("build.log");
        Process maven = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!maven.waitFor(5, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            fail("the test project's build did not finish in 5 minutes:\n" + Files.readString(log));
        }
        if (maven.exitValue() != 0) {
            fail("the test project's build failed (exit " + maven.exitValue() + "):\n" + Files.readString(log));
        }
        return outcomes(copy.resolve("target/surefire-reports"), log);
    }

    /** What the build of {@code run} printed, the test JVM's stderr included. */
    static String output(String run) throws IOException {
        return Files.readString(WORK.resolve(run).resolve("build.log"));
    }

    private static Map<String, String> outcomes(Path reports, Path log) throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports, "TEST-*.xml")) {
            for (Path file : files) {
                NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                        .getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element c = (Element) cases.item(i);
                    String cls = c.getAttribute("classname");
                    String test = cls.substring(cls.lastIndexOf('.') + 1)
                            + (c.getAttribute("name").isEmpty() ? "" : "." + c.getAttribute("name"));
                    outcomes.put(test, problem(c));
                }
            }
        }
        if (outcomes.isEmpty()) {
            fail("no test reports in " + reports + "; build log:\n" + Files.readString(log));
        }
        return outcomes;
    }

    private static String problem(Element testcase) {
        for (String tag : new String[] {"failure", "error"}) {
            NodeList found = testcase.getElementsByTagName(tag);
            if (found.getLength() > 0) {
                Element e = (Element) found.item(0);
                return e.getAttribute("message") + "\n" + e.getTextContent();
            }
        }
        return null;
    }

    /** The line of the project's test source that carries {@code // marker}, as a stack trace prints it. */
    static String frame(String testClass, String method, String marker) throws IOException {
        Path source = SOURCES.resolve("src/test/java/com/example/" + testClass + ".java");
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// " + marker)) {
                return "com.example." + testClass + "." + method + "(" + testClass + ".java:" + (i + 1) + ")";
            }
        }
        throw new IllegalStateException("no '// " + marker + "' in " + source);
    }

    /** Copies the project's sources, not what a build of it in place (the README's) left in target/. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(p -> !from.relativize(p).startsWith("target")).forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }
}
