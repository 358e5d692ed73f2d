package io.sockwatch.agent.instrument;

/**
 * The hooks for one JDK class. Hook calls only reach {@code sun.nio.ch.SockwatchHook}: nothing else is visible
 * from {@code java.base}.
 */
interface SocketInstrumentation {
    String CONSTRUCTOR = "<init>";
    String FILE_DESCRIPTOR = "Ljava/io/FileDescriptor;";

    /** Binary name of the instrumented JDK class. */
    String typeName();

    /** What sockwatch loses when this class cannot be instrumented, for the one log line that says so. */
    String purpose();

    /**
     * The call to insert into the method {@code name} with {@code descriptor} (as in the class file) declared
     * by the class, or null to leave the method as it is.
     */
    HookCall hookFor(String name, String descriptor);

    /** Whether a method descriptor takes exactly {@code count} arguments. */
    static boolean takesArguments(String descriptor, int count) {
        return net.bytebuddy.jar.asm.Type.getArgumentCount(descriptor) == count;
    }
}
