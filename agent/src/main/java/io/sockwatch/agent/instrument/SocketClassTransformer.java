package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.InternalErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Inserts the hook calls into the socket classes, with the ASM that byte-buddy ships and nothing else of
 * byte-buddy: its {@code AgentBuilder} and {@code Advice} loaded about 1,000 classes and took most of a second
 * of every JVM's start for a few dozen static calls (docs/benchmarks.md). JDK classes only in the boot loader,
 * library classes in any. Never throws (the JVM would ignore the exception anyway): a class it cannot transform
 * stays as it is and its error is kept, and counted with sockwatch's internal errors, which every report shows (a
 * library class is transformed on the application's thread that loads it, where sockwatch may not log).
 */
final class SocketClassTransformer implements ClassFileTransformer {
    /**
     * An array, walked by index: the JVM calls {@link #transform} for every class it loads, also while it loads
     * {@code Arrays$ArrayItr} or any other class an iterator or a lambda would need, so on its way to a match this
     * class must not need a class not loaded yet (a ClassCircularityError would reach the application).
     */
    private final SocketInstrumentation[] instrumentations;
    /** The {@link #simpleNameHash} of each instrumentation's type, the part of its name a relocation keeps. */
    private final int[] simpleNameHashes;
    /** Defines the JDK's own modules outside java.base's circle, such as {@code java.net.http}. */
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
    private final InternalErrors internalErrors;
    private final Map<String, Throwable> errors = new ConcurrentHashMap<>();
    /** The failed ones not yet taken by {@link #takeNewFailures()}; a flag first, so the usual check reads one field. */
    private final Queue<SocketInstrumentation> newFailures = new ConcurrentLinkedQueue<>();
    private volatile boolean failedSinceTaken;

    SocketClassTransformer(List<SocketInstrumentation> instrumentations, InternalErrors internalErrors) {
        this.instrumentations = instrumentations.toArray(new SocketInstrumentation[0]);
        this.simpleNameHashes = new int[this.instrumentations.length];
        for (int k = 0; k < simpleNameHashes.length; k++) {
            simpleNameHashes[k] = simpleNameHash(this.instrumentations[k].typeName());
        }
        this.internalErrors = internalErrors;
    }

    Throwable error(String typeName) {
        return errors.get(typeName);
    }

    /** The instrumentations whose class failed to transform since the last call, each once. */
    List<SocketInstrumentation> takeNewFailures() {
        if (!failedSinceTaken) {
            return Collections.emptyList();
        }
        failedSinceTaken = false;
        List<SocketInstrumentation> taken = new ArrayList<>();
        for (SocketInstrumentation i = newFailures.poll(); i != null; i = newFailures.poll()) {
            taken.add(i);
        }
        return taken;
    }

    /**
     * The instrumentation of the class {@code binaryName} defined by {@code loader} (null: the boot loader), or null.
     * A JDK class comes from the boot or the platform loader, never from an application's.
     */
    SocketInstrumentation instrumentationOf(String binaryName, ClassLoader loader) {
        if (!mayBeInstrumented(binaryName)) {
            return null;
        }
        for (int k = 0; k < instrumentations.length; k++) {
            SocketInstrumentation i = instrumentations[k];
            if ((i.isLibrary() || loader == null || loader == platform) && i.matches(binaryName)) {
                return i;
            }
        }
        return null;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) {
        SocketInstrumentation instrumentation = className == null || !mayBeInstrumented(className) ? null
                : instrumentationOf(className.replace('/', '.'), loader);
        if (instrumentation == null) {
            return null;
        }
        try {
            byte[] hooked = insertHooks(classFile, instrumentation);
            if (hooked == null) {
                failed(instrumentation, new IllegalStateException("none of its methods is the one to hook"));
            }
            return hooked;
        } catch (Throwable t) {
            failed(instrumentation, t);
            internalErrors.record("instrument " + className.replace('/', '.'), t);
            return null;
        }
    }

    /**
     * Whether the class named {@code name} (binary or internal form) may be one to instrument: a first test for
     * every class the JVM loads and the ~1,150 the start scans, with no allocation and no call beyond
     * {@code String}'s. Matching each against every instrumentation made their methods hot enough for the JIT in
     * every start (JDK 25: 66 of sockwatch's methods compiled by the exit of a one-connection JVM, 44 with this).
     */
    private boolean mayBeInstrumented(String name) {
        int hash = simpleNameHash(name);
        for (int k = 0; k < simpleNameHashes.length; k++) {
            if (simpleNameHashes[k] == hash) {
                return true;
            }
        }
        return false;
    }

    /** A hash of the name after its last '.' or '/', read from the end. */
    private static int simpleNameHash(String name) {
        int hash = 0;
        for (int i = name.length() - 1; i >= 0; i--) {
            char c = name.charAt(i);
            if (c == '.' || c == '/') {
                break;
            }
            hash = 31 * hash + c;
        }
        return hash;
    }

    /** Keeps the first failure of a class for {@link #takeNewFailures()}; never logs (any thread may call it). */
    void failed(SocketInstrumentation instrumentation, Throwable error) {
        if (errors.putIfAbsent(instrumentation.typeName(), error) == null) {
            newFailures.add(instrumentation);
            failedSinceTaken = true;
        }
    }

    /** The class with its hooks, or null when no method of it matched (a version whose class changed). */
    private static byte[] insertHooks(byte[] classFile, SocketInstrumentation instrumentation) {
        ClassReader reader = new ClassReader(classFile);
        // The class's frames are kept and HookCode writes those of the code it adds (docs/design.md, "Stack map
        // frames"): COMPUTE_FRAMES would recompute every frame and, to merge two reference types, load classes
        // through sockwatch's loader (ClassWriter.getCommonSuperClass) while the JVM loads this one: a library
        // class it cannot see fails, a JDK class may be initialised early or circularly. Maxima are recomputed.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        String hook = instrumentation.isLibrary() ? HookCode.LIBRARY_HOOK : HookCode.JDK_HOOK;
        int[] hooked = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private boolean frames;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                HookCall call = (access & Opcodes.ACC_STATIC) == 0 ? instrumentation.hookFor(name, descriptor, access)
                        : null;
                if (call == null) {
                    return mv;
                }
                hooked[0]++;
                return new HookInserter(mv, reader.getClassName(), descriptor, call, hook, frames);
            }
        }, ClassReader.EXPAND_FRAMES);
        return hooked[0] == 0 ? null : writer.toByteArray();
    }
}
