package io.sockwatch.agent;

import java.lang.instrument.Instrumentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry points: {@code -javaagent:sockwatch-agent.jar[=options]} and dynamic attach. */
public final class SockwatchAgent {

    private SockwatchAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            Logger log = LoggerFactory.getLogger(SockwatchAgent.class);
            AgentOptions options = AgentOptions.parse(args, problem -> log.warn("{}", problem));
            Sockwatch.start(inst, options, attached);
        } catch (Throwable t) {
            System.err.println("sockwatch: could not start (" + t + "); socket tracking is off, the application runs on");
        }
    }
}
