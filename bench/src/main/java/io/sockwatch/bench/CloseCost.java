package io.sockwatch.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * {@code CloseCost <agent.jar> <agent.jar>}: the registry steps of the open and close hooks ({@code
 * SocketRegistry.open} then {@code close}, with the default stack budget) of two agent builds, in one JVM, in
 * alternating rounds, so a loaded machine slows both alike. A build whose {@code close} takes the endpoints
 * (issue 13) logs each close as a connection, and its log is drained every 5 rounds as the scanner would. Prints
 * the median and fastest ns per open+close of each; compare, don't read absolutes (calls go through method handles).
 */
public final class CloseCost {
    private static final int ROUNDS = 21;
    private static final int CALLS = 200_000;
    private static final int WARMUP_ROUNDS = 3;
    private static final int DRAIN_EVERY = 5;

    private CloseCost() {
    }

    public static void main(String[] args) throws Throwable {
        int n = args.length;
        Object[] registries = new Object[n];
        Object[] kinds = new Object[n];
        MethodHandle[] open = new MethodHandle[n];
        MethodHandle[] close = new MethodHandle[n];
        MethodHandle[] drain = new MethodHandle[n];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (int i = 0; i < n; i++) {
            ClassLoader jar = new URLClassLoader(new URL[] {Paths.get(args[i]).toUri().toURL()}, null);
            Class<?> registry = Class.forName("io.sockwatch.agent.registry.SocketRegistry", true, jar);
            Class<?> kind = Class.forName("io.sockwatch.agent.registry.SocketKind", true, jar);
            registries[i] = registry.getConstructor(boolean.class).newInstance(false);
            kinds[i] = kind.getField("SOCKET").get(null);
            open[i] = lookup.unreflect(registry.getMethod("open", Object.class, kind, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, Object.class, Object.class, int.class));
            MethodType closeType = MethodType.methodType(void.class, Object.class, Object.class);
            Class<?> record = Class.forName("io.sockwatch.agent.registry.SocketRecord", true, jar);
            try {
                // since issue 12: untrack(owner), then closed(record, endpoints) only for a tracked owner
                MethodHandle closed = MethodHandles.insertArguments(lookup.unreflect(registry.getMethod("closed",
                        record, int.class, InetAddress.class, int.class)), 2, 40_000, InetAddress.getLoopbackAddress(), 8080);
                MethodHandle untrack = lookup.unreflect(registry.getMethod("untrack", Object.class));
                MethodHandle c = MethodHandles.collectArguments(closed, 1, untrack);
                close[i] = MethodHandles.permuteArguments(c, MethodType.methodType(void.class, registry, Object.class),
                        0, 0, 1).asType(closeType);
                drain[i] = drain(lookup, registry);
            } catch (NoSuchMethodException before12) {
                try {
                    MethodHandle c = lookup.unreflect(registry.getMethod("close", Object.class, int.class,
                            InetAddress.class, int.class));
                    close[i] = MethodHandles.insertArguments(c, 2, 40_000, InetAddress.getLoopbackAddress(), 8080)
                            .asType(closeType);
                    drain[i] = drain(lookup, registry);
                } catch (NoSuchMethodException before13) {
                    close[i] = lookup.unreflect(registry.getMethod("close", Object.class)).asType(closeType);
                }
            }
        }
        double[][] nsPerCall = new double[n][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                for (int c = 0; c < CALLS; c++) {
                    Object owner = new Object();
                    open[i].invokeExact(registries[i], owner, kinds[i], -1);
                    close[i].invokeExact(registries[i], owner);
                }
                if (round >= 0) {
                    nsPerCall[i][round] = (System.nanoTime() - start) / (double) CALLS;
                }
                if (drain[i] != null && round % DRAIN_EVERY == 0) {
                    Object drained = drain[i].invokeExact(registries[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Arrays.sort(nsPerCall[i]);
            System.out.printf("%s: median %.1f ns per open+close, fastest %.1f%n", args[i], nsPerCall[i][ROUNDS / 2],
                    nsPerCall[i][0]);
        }
    }

    private static MethodHandle drain(MethodHandles.Lookup lookup, Class<?> registry) throws ReflectiveOperationException {
        return lookup.unreflect(registry.getMethod("drainClosedConnections"))
                .asType(MethodType.methodType(Object.class, Object.class));
    }
}
