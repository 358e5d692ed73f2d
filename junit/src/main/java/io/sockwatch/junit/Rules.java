package io.sockwatch.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** What a test or class may leave open, and how long its sockets get to close. Immutable. */
final class Rules {
    static final String ALLOW_PARAMETER = "sockwatch.junit.allow";
    static final String GRACE_PARAMETER = "sockwatch.junit.grace";
    private static final String DEFAULT_GRACE = "1s";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    final List<String> allowedSites;
    final long graceMillis;

    private Rules(List<String> allowedSites, long graceMillis) {
        this.allowedSites = Collections.unmodifiableList(allowedSites);
        this.graceMillis = graceMillis;
    }

    /**
     * The configuration parameters, then {@link SocketLeakCheck} on the outermost enclosing class down to the
     * test class and, for a test, its method: allowances add up, the innermost grace wins.
     */
    static Rules of(ExtensionContext context) {
        List<String> allowed = new ArrayList<>();
        context.getConfigurationParameter(ALLOW_PARAMETER).ifPresent(list -> {
            for (String prefix : list.split(",")) {
                if (!prefix.trim().isEmpty()) {
                    allowed.add(prefix.trim());
                }
            }
        });
        String grace = context.getConfigurationParameter(GRACE_PARAMETER).orElse(DEFAULT_GRACE);
        String graceFrom = GRACE_PARAMETER;
        Deque<AnnotatedElement> elements = new ArrayDeque<>();
        context.getTestMethod().ifPresent(elements::push);
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            elements.push(c);
        }
        for (AnnotatedElement element : elements) {
            Optional<SocketLeakCheck> check = AnnotationSupport.findAnnotation(element, SocketLeakCheck.class);
            if (check.isPresent()) {
                Collections.addAll(allowed, check.get().allow());
                if (!check.get().grace().isEmpty()) {
                    grace = check.get().grace();
                    graceFrom = "@SocketLeakCheck(grace) on " + element;
                }
            }
        }
        return of(allowed, millis(grace, graceFrom));
    }

    static Rules of(List<String> allowedSites, long graceMillis) {
        return new Rules(new ArrayList<>(allowedSites), graceMillis);
    }

    /**
     * Whether a socket may stay open: its site, or a frame of its allocation stack, starts with an allowed prefix.
     * The stack counts because a library's frames are never the site (the agent skips well-known libraries), yet
     * "opened through OkHttp's pool" is what a user means by {@code allow = "okhttp3."}.
     */
    boolean allows(String site, List<String> frames) {
        for (String prefix : allowedSites) {
            if (site.startsWith(prefix) || frames.stream().anyMatch(f -> f.startsWith(prefix))) {
                return true;
            }
        }
        return false;
    }

    private static long millis(String duration, String from) {
        Matcher m = DURATION.matcher(duration.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(from + ": '" + duration + "' is not a duration; use e.g. 500ms or 2s");
        }
        long n = Long.parseLong(m.group(1));
        return "s".equals(m.group(2)) ? n * 1000 : n;
    }
}
