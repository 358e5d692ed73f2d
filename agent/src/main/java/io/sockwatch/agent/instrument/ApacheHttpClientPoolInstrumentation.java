package io.sockwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/**
 * The connection pools of Apache HttpClient 4 ({@code AbstractConnPool}, the base of {@code CPool}) and 5
 * ({@code StrictConnPool}, the default, and {@code LaxConnPool}): each has {@code release(entry, reusable)}, where
 * a consumed or closed response returns its connection to wait for its next lease or the idle eviction.
 */
final class ApacheHttpClientPoolInstrumentation implements SocketInstrumentation {
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_4 =
            new ApacheHttpClientPoolInstrumentation("org.apache.http.pool.AbstractConnPool", "Apache HttpClient 4");
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_5_STRICT =
            new ApacheHttpClientPoolInstrumentation("org.apache.hc.core5.pool.StrictConnPool", "Apache HttpClient 5");
    static final ApacheHttpClientPoolInstrumentation HTTP_CLIENT_5_LAX =
            new ApacheHttpClientPoolInstrumentation("org.apache.hc.core5.pool.LaxConnPool", "Apache HttpClient 5 (lax)");

    private final String typeName;
    private final String client;

    private ApacheHttpClientPoolInstrumentation(String typeName, String client) {
        this.typeName = typeName;
        this.client = client;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public String purpose() {
        return "idle " + client + " pooled";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        // HttpClient 4's bridge release(Object, boolean) of the ConnPool interface calls this one.
        return builder.visit(Advice.to(Release.class).on(named("release").and(takesArguments(2)).and(not(isBridge()))));
    }

    static final class Release {
        /** On entry: once back in the pool, another thread may lease the entry. An entry not reusable is closed. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object pool, @Advice.Argument(0) Object entry,
                          @Advice.Argument(1) boolean reusable) {
            if (reusable) {
                java.net.SockwatchLibraryHook.idle(entry, pool);
            }
        }
    }
}
