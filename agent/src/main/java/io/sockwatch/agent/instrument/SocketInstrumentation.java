package io.sockwatch.agent.instrument;

/**
 * The hooks for one class. Hook calls in JDK classes only reach {@code sun.nio.ch.SockwatchHook}, in library classes
 * only {@code java.net.SockwatchLibraryHook}: nothing else is visible there.
 */
interface SocketInstrumentation {
    String CONSTRUCTOR = "<init>";
    String FILE_DESCRIPTOR = "Ljava/io/FileDescriptor;";

    /** Binary name of the instrumented class (for a library, its name where the library is not relocated). */
    String typeName();

    /** A library class, in an application's class loader, loaded when the application wants it; else a JDK class. */
    default boolean isLibrary() {
        return false;
    }

    /** Whether the class named {@code binaryName} is the one to instrument: by default the one named {@link #typeName()}. */
    default boolean matches(String binaryName) {
        return binaryName.equals(typeName());
    }

    /** What sockwatch loses when this class cannot be instrumented, for the one log line that says so. */
    String purpose();

    /**
     * The call to insert into the method {@code name} with {@code descriptor} (as in the class file) declared
     * by the class, or null to leave the method as it is. Static methods are never asked.
     */
    HookCall hookFor(String name, String descriptor, int access);

    /**
     * Whether {@code binaryName} is library class {@code typeName} or a relocated copy of it (a shaded
     * {@code com.acme.shaded.okhttp3...}): relocation prefixes the package and keeps the rest of the name.
     */
    static boolean isOrRelocates(String binaryName, String typeName) {
        int prefix = binaryName.length() - typeName.length();
        return prefix == 0 ? binaryName.equals(typeName)
                : prefix > 1 && binaryName.charAt(prefix - 1) == '.' && binaryName.endsWith(typeName);
    }

    /** Whether a method descriptor takes exactly {@code count} arguments. */
    static boolean takesArguments(String descriptor, int count) {
        return net.bytebuddy.jar.asm.Type.getArgumentCount(descriptor) == count;
    }
}
