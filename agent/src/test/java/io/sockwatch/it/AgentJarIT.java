package io.sockwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.testing.AgentRun;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one self-contained jar: agent, attach entry and CLI, with its dependencies relocated. */
class AgentJarIT {

    @Test
    void manifestAndRelocatedDependencies() throws Exception {
        assertTrue(AgentRun.AGENT_JAR.endsWith("agent/target/sockwatch-agent.jar"), AgentRun.AGENT_JAR.toString());
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.sockwatch.agent.SockwatchAgent", main.getValue("Premain-Class"));
            assertEquals("io.sockwatch.agent.SockwatchAgent", main.getValue("Agent-Class"));
            assertEquals("io.sockwatch.agent.cli.SockwatchCli", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("net/bytebuddy/") || n.startsWith("org/slf4j/"))
                    .collect(Collectors.toList()), "byte-buddy is relocated");
            assertTrue(names.contains("io/sockwatch/agent/shaded/bytebuddy/jar/asm/ClassReader.class"));
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("io/sockwatch/agent/shaded/bytebuddy/") && n.endsWith(".class")
                    && !n.startsWith("io/sockwatch/agent/shaded/bytebuddy/jar/asm/")).collect(Collectors.toList()),
                    "only byte-buddy's ASM is shipped");
            assertEquals(List.of(), names.stream().filter(n -> n.contains("slf4j")).collect(Collectors.toList()),
                    "sockwatch logs with its own Log, no slf4j");
            assertTrue(names.contains("sun/nio/ch/SockwatchHook.class"), "the hook defined into java.base");
            assertEquals(List.of(), names.stream().filter(n -> n.equals("META-INF/jpms.args")).collect(Collectors.toList()),
                    "no compiler arguments naming paths of the build machine");
        }
    }
}
