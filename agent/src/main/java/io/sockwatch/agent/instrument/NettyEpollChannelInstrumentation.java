package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.sockwatch.agent.registry.SocketKind.Codes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code io.netty.channel.epoll.AbstractEpollChannel}, the base of every channel of Netty's native epoll transport.
 * Its sockets are made and accepted in native code, so no JDK class sees them: the channel is the owner instead,
 * which also leads to its pipeline. Relocated copies (gRPC's shaded Netty) match by the name's ending.
 */
final class NettyEpollChannelInstrumentation implements SocketInstrumentation {

    @Override
    public String typeName() {
        return "io.netty.channel.epoll.AbstractEpollChannel";
    }

    @Override
    public ElementMatcher<TypeDescription> type() {
        return nameEndsWith(typeName());
    }

    @Override
    public String purpose() {
        return "Netty epoll";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder
                // Every constructor takes the LinuxSocket, open already; chained ones exit twice, the registry
                // ignores the second. Domain-socket and datagram channels are told apart by the dispatcher.
                .visit(Advice.to(Constructed.class).on(isConstructor()))
                .visit(Advice.to(Closes.class).on(named("doClose").and(takesArguments(0))))
                // Every stream read goes through doReadBytes; writes of several buffers at once bypass doWriteBytes.
                .visit(Advice.to(Uses.class).on(namedOneOf("doReadBytes", "doWriteBytes")));
    }

    static final class Constructed {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel) {
            java.net.SockwatchLibraryHook.opened(channel, Codes.NETTY_EPOLL_CHANNEL);
        }
    }

    static final class Closes {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object channel) {
            java.net.SockwatchLibraryHook.closed(channel);
        }
    }

    static final class Uses {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object channel) {
            java.net.SockwatchLibraryHook.used(channel);
        }
    }
}
