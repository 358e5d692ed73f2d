package io.sockwatch.agent.cli;

/** {@code java -jar sockwatch-agent.jar <command>}. */
public final class SockwatchCli {

    private SockwatchCli() {
    }

    public static void main(String[] args) {
        System.out.println("usage: java -javaagent:sockwatch-agent.jar[=options] ...");
    }
}
