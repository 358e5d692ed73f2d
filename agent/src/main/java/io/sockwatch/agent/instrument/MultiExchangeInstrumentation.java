package io.sockwatch.agent.instrument;

/**
 * {@code jdk.internal.net.http.MultiExchange}: {@code HttpClient.send} and {@code sendAsync} create one per request, on
 * the application's thread, then run its exchanges on the client's worker threads, where the connection is opened or
 * taken from the pool. Its creation is the last moment the application's frames are on the stack.
 */
final class MultiExchangeInstrumentation implements SocketInstrumentation {
    /** Argument 1 is the request as the client copied it (an HttpRequestImpl): what its exchanges carry on. */

    @Override
    public String typeName() {
        return "jdk.internal.net.http.MultiExchange";
    }

    @Override
    public String purpose() {
        return "the application line behind JDK HttpClient";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals(CONSTRUCTOR) && SocketInstrumentation.takesArguments(descriptor, 5)
                || name.equals(CONSTRUCTOR) && SocketInstrumentation.takesArguments(descriptor, 6)
                ? HookCall.asyncCall(1) : null;
    }
}
