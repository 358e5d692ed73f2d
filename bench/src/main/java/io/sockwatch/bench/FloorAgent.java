package io.sockwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The floor under sockwatch's attach figures: a Java agent that does nothing but, when its options name a class,
 * retransform that class without changing it. Loaded into the ping-pong target it measures what any attach costs
 * the host (the attach listener, loading a jar, the instrument library), and what any agent that instruments the
 * named class costs (HotSpot discards the compiled code that depends on a redefined class, changed or not). With
 * {@code spin:<ms>} it only burns that much CPU on the attach listener: what an agent's own work costs the host per
 * millisecond of CPU, with no class loaded, no JIT work and no redefinition.
 */
public final class FloorAgent {
    static final String SPIN = "spin:"; // not "=": jcmd would read "spin=100" as its own named argument
    /** What the spinning loop adds up, so the JIT cannot drop it. */
    private static volatile long sink;

    private FloorAgent() {
    }

    public static void agentmain(String options, Instrumentation instrumentation)
            throws ClassNotFoundException, UnmodifiableClassException, IOException {
        if (options != null && options.startsWith(SPIN)) {
            spin(Long.parseLong(options.substring(SPIN.length())) * 1_000_000L);
        } else if (options != null && !options.isEmpty()) {
            instrumentation.retransformClasses(Class.forName(options, false, null));
        }
    }

    /** Computes until this thread has run {@code cpuNanos} on a CPU (its schedstat: no management classes loaded). */
    private static void spin(long cpuNanos) throws IOException {
        long until = threadCpuNanos() + cpuNanos;
        long sum = 0;
        while (threadCpuNanos() < until) {
            for (int i = 0; i < 100_000; i++) {
                sum += i * 31L ^ sum >>> 7;
            }
        }
        sink = sum;
    }

    private static long threadCpuNanos() throws IOException {
        String stat = new String(Files.readAllBytes(Path.of("/proc/thread-self/schedstat")), StandardCharsets.US_ASCII);
        return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
    }

    /** Writes the agent's jar (its manifest and this class) to a new temporary file. */
    static Path writeJar() throws IOException {
        Path jar = Files.createTempFile("sockwatch-bench-floor-agent", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Agent-Class", FloorAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        String entry = FloorAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = FloorAgent.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
