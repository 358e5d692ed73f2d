package io.sockwatch.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Inserts the hook calls into the JDK socket classes, with the ASM that byte-buddy ships and nothing else of
 * byte-buddy: its {@code AgentBuilder} and {@code Advice} loaded about 1,000 classes and took most of a second
 * of every JVM's start for a dozen static calls (docs/benchmarks.md). Boot classes only; never throws (the JVM
 * would ignore the exception anyway): a class it cannot transform stays as it is and its error is kept.
 */
final class SocketClassTransformer implements ClassFileTransformer {
    /** Fault injection for tests: proves a class that cannot be instrumented only disables its own part. */
    private static final String FAILING = System.getProperty("sockwatch.test.failTransform", "");

    private final Map<String, SocketInstrumentation> byInternalName = new ConcurrentHashMap<>();
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final Map<String, Throwable> errors = new ConcurrentHashMap<>();

    SocketClassTransformer(Iterable<SocketInstrumentation> instrumentations) {
        for (SocketInstrumentation i : instrumentations) {
            byInternalName.put(i.typeName().replace('.', '/'), i);
        }
    }

    boolean transformed(String typeName) {
        return transformed.contains(typeName);
    }

    Throwable error(String typeName) {
        return errors.get(typeName);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) {
        SocketInstrumentation instrumentation = loader == null && className != null ? byInternalName.get(className) : null;
        if (instrumentation == null) {
            return null;
        }
        try {
            if (instrumentation.typeName().equals(FAILING)) {
                throw new IllegalStateException("failure injected by sockwatch.test.failTransform");
            }
            byte[] hooked = insertHooks(classFile, instrumentation);
            if (hooked != null) {
                transformed.add(instrumentation.typeName());
            }
            return hooked;
        } catch (Throwable t) {
            errors.put(instrumentation.typeName(), t);
            return null;
        }
    }

    /** The class with its hooks, or null when no method of it matched (a JDK whose class changed). */
    private static byte[] insertHooks(byte[] classFile, SocketInstrumentation instrumentation) {
        ClassReader reader = new ClassReader(classFile);
        // Frames are kept, not recomputed (that would load classes); maxima are recomputed for the added calls.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] hooked = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                HookCall call = (access & Opcodes.ACC_STATIC) == 0 ? instrumentation.hookFor(name, descriptor) : null;
                if (call == null) {
                    return mv;
                }
                hooked[0]++;
                return new HookInserter(mv, reader.getClassName(), descriptor, call);
            }
        }, ClassReader.EXPAND_FRAMES);
        return hooked[0] == 0 ? null : writer.toByteArray();
    }
}
