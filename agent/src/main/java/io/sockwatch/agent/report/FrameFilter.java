package io.sockwatch.agent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which stack frame is the application's: the first one not in the JDK, sockwatch, a well-known library, or
 * a prefix the user skips. A library's frames are never "the application's line": the line that called the library
 * is what its user can change.
 */
public final class FrameFilter {
    private static final List<String> ALWAYS_SKIPPED = Arrays.asList(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.sockwatch.agent.");

    /** Libraries that open sockets for their callers; a user turns one off with {@code skip=-<prefix>}. */
    public static final List<String> LIBRARIES = Arrays.asList(
            // HTTP clients
            "org.apache.http.", "org.apache.hc.", "okhttp3.", "okio.", "com.squareup.okhttp.", "org.asynchttpclient.",
            "retrofit2.", "feign.", "org.glassfish.jersey.", "org.jboss.resteasy.", "org.apache.cxf.",
            // servers
            "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "io.undertow.",
            "org.xnio.", "org.glassfish.grizzly.",
            // JDBC drivers and pools
            "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.", "org.h2.",
            "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.pool2.", "com.mchange.",
            // networking frameworks, RPC, reactive, Kotlin
            "io.netty.", "io.grpc.", "reactor.", "io.reactivex.", "io.vertx.", "kotlin.", "kotlinx.",
            "org.springframework.",
            // clients of data stores and brokers
            "redis.clients.", "io.lettuce.", "com.mongodb.", "org.apache.kafka.", "com.datastax.",
            "org.elasticsearch.", "software.amazon.awssdk.", "com.amazonaws.",
            // logging appenders that ship logs over TCP
            "ch.qos.logback.", "org.apache.logging.log4j.");

    /** Libraries applications shade, recognised under any relocation prefix ({@code com.acme.shaded.okhttp3.}). */
    private static final String[] RELOCATED = {".okhttp3.", ".org.apache.http.", ".org.apache.hc."};

    private final String[] skipped;

    /**
     * @param skip more prefixes to skip; an entry {@code -<prefix>} turns off the library default {@code <prefix>}
     */
    public FrameFilter(List<String> skip) {
        List<String> all = new ArrayList<>(ALWAYS_SKIPPED);
        all.addAll(LIBRARIES);
        for (String entry : skip) {
            if (entry.startsWith("-")) {
                all.remove(entry.substring(1));
            } else {
                all.add(entry);
            }
        }
        this.skipped = all.toArray(new String[0]);
    }

    public boolean isApplication(StackTraceElement frame) {
        String name = frame.getClassName();
        for (String prefix : skipped) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        for (String library : RELOCATED) {
            if (name.contains(library)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first application frame, or -1 when the whole stack is JDK or library code. */
    public int firstApplicationFrame(List<StackTraceElement> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (isApplication(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
