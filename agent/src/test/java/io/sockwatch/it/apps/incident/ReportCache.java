package io.sockwatch.it.apps.incident;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Bug 3: waits without a timeout on a future nobody completes; the handler's connection waits with it. */
public final class ReportCache {
    private static final CompletableFuture<String> REFRESH = new CompletableFuture<>();

    private ReportCache() {
    }

    static String get() throws IOException {
        try {
            return REFRESH.get(); // blocks:future
        } catch (InterruptedException | ExecutionException e) {
            throw new IOException(e);
        }
    }
}
