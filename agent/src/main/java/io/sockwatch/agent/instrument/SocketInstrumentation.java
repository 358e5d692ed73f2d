package io.sockwatch.agent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/** The advice for one JDK class. Advice only calls {@code sun.nio.ch.SockwatchHook}: nothing else is visible there. */
interface SocketInstrumentation {

    /** Binary name of the instrumented JDK class. */
    String typeName();

    /** What sockwatch loses when this class cannot be instrumented, for the one log line that says so. */
    String purpose();

    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder);
}
