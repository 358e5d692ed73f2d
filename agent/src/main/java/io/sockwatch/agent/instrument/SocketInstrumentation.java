package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice for one class. Advice in JDK classes only calls {@code sun.nio.ch.SockwatchHook}, advice in library
 * classes only {@code java.net.SockwatchLibraryHook}: nothing else is visible there.
 */
interface SocketInstrumentation {

    /** Binary name of the instrumented class (for a library, its name where the library is not relocated). */
    String typeName();

    /** The classes to instrument: by default the one named {@link #typeName()}. */
    default ElementMatcher<TypeDescription> type() {
        return named(typeName());
    }

    /** What sockwatch loses when this class cannot be instrumented, for the one log line that says so. */
    String purpose();

    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder);
}
