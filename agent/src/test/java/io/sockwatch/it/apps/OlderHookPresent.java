package io.sockwatch.it.apps;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.StubMethod;

/**
 * A JVM where an older sockwatch left its hook class in java.base (a defined class stays until the JVM exits):
 * defines a {@code sun.nio.ch.SockwatchHook} whose {@code opened} has another signature, prints "ready", and
 * waits for {@code stop}. Needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} to define it.
 */
public final class OlderHookPresent {

    public static void main(String[] args) throws Exception {
        byte[] olderHook = new ByteBuddy().subclass(Object.class).name("sun.nio.ch.SockwatchHook")
                .defineMethod("opened", void.class, Modifier.PUBLIC | Modifier.STATIC)
                .withParameters(Object.class, int.class).intercept(StubMethod.INSTANCE)
                .make().getBytes();
        MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.Net"), MethodHandles.lookup()).defineClass(olderHook);
        System.out.println("ready");
        while (!java.nio.file.Files.exists(java.nio.file.Paths.get("stop"))) {
            Scenarios.sleep(20);
        }
    }
}
