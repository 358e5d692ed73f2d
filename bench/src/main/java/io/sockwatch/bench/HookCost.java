package io.sockwatch.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * {@code HookCost <agent.jar> <agent.jar>}: the registry step of the I/O hook ({@code SocketRegistry.used} on a
 * thread that keeps using one socket) of two agent builds, in one JVM, in alternating rounds, so a loaded
 * machine slows both alike. Prints the median and fastest ns per call of each; compare, don't read absolutes
 * (the call goes through a method handle).
 */
public final class HookCost {
    private static final int ROUNDS = 41;
    private static final int CALLS = 2_000_000;
    private static final int WARMUP_ROUNDS = 3;

    private HookCost() {
    }

    public static void main(String[] args) throws Throwable {
        Object[] registries = new Object[args.length];
        Object[] owners = new Object[args.length];
        MethodHandle[] used = new MethodHandle[args.length];
        for (int i = 0; i < args.length; i++) {
            ClassLoader jar = new URLClassLoader(new URL[] {Paths.get(args[i]).toUri().toURL()}, null);
            Class<?> registry = Class.forName("io.sockwatch.agent.registry.SocketRegistry", true, jar);
            Class<?> kind = Class.forName("io.sockwatch.agent.registry.SocketKind", true, jar);
            registries[i] = registry.getConstructor(boolean.class).newInstance(true);
            owners[i] = new Object();
            registry.getMethod("open", Object.class, kind).invoke(registries[i], owners[i], kind.getField("SOCKET").get(null));
            used[i] = MethodHandles.publicLookup().unreflect(registry.getMethod("used", Object.class))
                    .asType(MethodType.methodType(void.class, Object.class, Object.class));
        }
        double[][] nsPerCall = new double[args.length][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int i = 0; i < args.length; i++) {
                long start = System.nanoTime();
                for (int c = 0; c < CALLS; c++) {
                    used[i].invokeExact(registries[i], owners[i]);
                }
                if (round >= 0) {
                    nsPerCall[i][round] = (System.nanoTime() - start) / (double) CALLS;
                }
            }
        }
        for (int i = 0; i < args.length; i++) {
            Arrays.sort(nsPerCall[i]);
            System.out.printf("%s: median %.2f ns/call, fastest %.2f%n", args[i], nsPerCall[i][ROUNDS / 2],
                    nsPerCall[i][0]);
        }
    }
}
