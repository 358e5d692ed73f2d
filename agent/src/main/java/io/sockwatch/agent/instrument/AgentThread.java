package io.sockwatch.agent.instrument;

/**
 * Every thread sockwatch starts. The dispatcher ignores sockets opened on these threads, so whatever the
 * agent itself connects (JSON export, management) never shows up as the application's.
 */
public final class AgentThread extends Thread {

    public AgentThread(String name, Runnable task) {
        super(task, "sockwatch-" + name);
        setDaemon(true);
    }
}
