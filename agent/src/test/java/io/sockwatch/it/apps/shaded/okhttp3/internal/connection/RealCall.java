package io.sockwatch.it.apps.shaded.okhttp3.internal.connection;

/**
 * A relocated copy of OkHttp's {@code RealCall} from a version sockwatch cannot hook: it has no
 * {@code acquireConnectionNoEvents(connection)}. A class whose instrumentation fails, without a fault injected.
 */
public final class RealCall {
    private Object connection;

    public void acquireConnection(Object connection, boolean events) {
        this.connection = connection;
    }

    public Object connection() {
        return connection;
    }
}
