package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.it.otheragent.CountingAdvice;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The stack map frames sockwatch writes are read again by every agent that transforms the class after it. The JVM
 * never checks them in boot classes (it does not verify those), so this test has byte-buddy's {@code Advice}, as
 * another agent would (the test agent's advice, which keeps no copy of the arguments, so byte-buddy checks each
 * frame against them), rewrite every method of every class sockwatch hooks: JDK classes and the libraries'.
 */
class HookFramesTest {

    @Test
    void anotherAgentsAdviceAcceptsTheFramesOfEveryHookedClass() throws Exception {
        ClassFileLocator classPath = ClassFileLocator.ForClassLoader.ofSystemLoader();
        List<String> checked = new ArrayList<>();
        for (SocketInstrumentation i : SocketHooks.ALL) {
            ClassFileLocator.Resolution original = classPath.locate(i.typeName());
            if (!original.isResolved()) {
                continue; // a library not on the test class path (Netty's epoll channel is in a jar of its own)
            }
            byte[] hooked = new SocketClassTransformer(List.of(i), new InternalErrors())
                    .transform(null, i.typeName().replace('.', '/'), null, null, original.resolve());
            assertNotNull(hooked, i.typeName() + " was not hooked");
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(i.typeName(), hooked),
                    classPath);
            // The byte-buddy of an agent with disableClassFormatChanges(): no members added.
            new ByteBuddy().with(Implementation.Context.Disabled.Factory.INSTANCE)
                    .decorate(TypePool.Default.of(locator).describe(i.typeName()).resolve(), locator)
                    .visit(Advice.to(CountingAdvice.class).on(not(isAbstract()).and(not(isNative()))))
                    .make();
            checked.add(i.typeName());
        }
        assertTrue(checked.containsAll(List.of("sun.nio.ch.NioSocketImpl", "java.net.AbstractPlainSocketImpl",
                "sun.nio.ch.SocketChannelImpl", "org.apache.http.pool.AbstractConnPool", "okhttp3.internal.connection.RealConnectionPool")),
                "checked: " + checked);
    }
}
