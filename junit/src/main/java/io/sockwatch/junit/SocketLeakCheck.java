package io.sockwatch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves a socket open, in CLOSE_WAIT, or to the GC, and a class whose class-level code
 * ({@code @BeforeAll}, {@code @AfterAll}) does; registers {@link SocketLeakExtension}. On a class it applies to
 * every test; on a method it adds to the class's settings. The JVM must run the sockwatch agent
 * ({@code -javaagent:sockwatch-agent.jar=interval=1s}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SocketLeakExtension.class)
public @interface SocketLeakCheck {
    /**
     * Sockets whose site (the first application frame of their allocation stack, as the report prints it, e.g.
     * {@code com.example.TestServer.accept(TestServer.java:42)}) starts with one of these prefixes may stay open:
     * a pool or server the tests share on purpose. Added to the class's and to the configuration parameter
     * {@code sockwatch.junit.allow} (comma-separated).
     */
    String[] allow() default {};

    /**
     * How long to wait after a test or class for its sockets to close, for closes that other threads finish
     * (a server handler that sees the client's FIN), e.g. {@code 500ms} or {@code 2s}. Empty: the class's, else
     * the configuration parameter {@code sockwatch.junit.grace}, else {@code 1s}.
     */
    String grace() default "";
}
