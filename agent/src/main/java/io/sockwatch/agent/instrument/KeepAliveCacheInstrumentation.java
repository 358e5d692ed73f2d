package io.sockwatch.agent.instrument;

/**
 * {@code sun.net.www.http.KeepAliveCache}, where {@code HttpURLConnection} parks a connection whose response was
 * read to the end. The cache closes it after the server's keep-alive time, so in CLOSE_WAIT meanwhile it is no leak.
 */
final class KeepAliveCacheInstrumentation implements SocketInstrumentation {
    /** At entry of {@code put(url, obj, client)}: once cached, another thread may take the connection and use it. */

    @Override
    public String typeName() {
        return "sun.net.www.http.KeepAliveCache";
    }

    @Override
    public String purpose() {
        return "idle HttpURLConnection keep-alive";
    }

    @Override
    public HookCall hookFor(String name, String descriptor, int access) {
        return name.equals("put") && SocketInstrumentation.takesArguments(descriptor, 3)
                ? HookCall.idleInThis(2) : null;
    }
}
