package io.sockwatch.agent;

import io.sockwatch.agent.render.ReportFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * A request from the CLI, {@code cli=<command>[,<arguments>],reply=<dir>}, and its answer in {@code <dir>/reply}, a
 * file only the JVM's user can read, in a directory the CLI created for this one request and deletes afterwards.
 * The first request reaches the JVM as the arguments of a load of the agent jar through the attach mechanism; once
 * sockwatch runs, the next ones come through its {@link CliChannel}, so that they load nothing. No socket, no JMX
 * connector, no system property.
 */
public final class AgentRequest {
    private static final String PREFIX = "cli=";
    private static final String REPLY_DIR = ",reply=";
    /** The answer's file in the reply directory: {@link #OK} or another status on the first line, then the body. */
    public static final String REPLY_FILE = "reply";
    public static final String OK = "ok";
    private static final String FAILED = "failed";

    /** The file name ending of a request in the channel directory; anything else there is ignored. */
    public static final String CHANNEL_REQUEST = ".request";

    private final String command;
    private final String arguments;
    private final Path replyDir;

    public AgentRequest(String command, String arguments, Path replyDir) {
        this.command = command;
        this.arguments = arguments;
        this.replyDir = replyDir;
    }

    /** Whether agent arguments come from the CLI rather than from a user ({@code -javaagent} options). */
    public static boolean isRequest(String agentArgs) {
        return agentArgs != null && agentArgs.startsWith(PREFIX);
    }

    /** Parses what {@link #encode()} produced; empty when {@code agentArgs} is not a whole request. */
    public static Optional<AgentRequest> parse(String agentArgs) {
        int reply = agentArgs.lastIndexOf(REPLY_DIR);
        if (!isRequest(agentArgs) || reply < 0) {
            return Optional.empty();
        }
        String head = agentArgs.substring(PREFIX.length(), reply);
        int comma = head.indexOf(',');
        String command = comma < 0 ? head : head.substring(0, comma);
        String arguments = comma < 0 ? "" : head.substring(comma + 1);
        return Optional.of(new AgentRequest(command, arguments, Paths.get(agentArgs.substring(reply + REPLY_DIR.length()))));
    }

    /**
     * The channel directory of the JVM with pid {@code pid} (in its own namespace) started at {@code startTicks}
     * (field 22 of {@code /proc/<pid>/stat}), in its {@code /tmp}: the CLI finds it from {@code /proc} alone, and a
     * later process with the same pid never takes a stale one for its own.
     */
    public static String channelName(long pid, long startTicks) {
        return "sockwatch-channel-" + pid + "-" + startTicks;
    }

    public String encode() {
        return PREFIX + command + (arguments.isEmpty() ? "" : "," + arguments) + REPLY_DIR + replyDir;
    }

    /** {@code attach}, {@code attach-report}, {@code report} or {@code detach}. */
    public String command() {
        return command;
    }

    /**
     * The options of {@code attach}; {@code json} or {@code text} for {@code report}; the form, a comma and the
     * options for {@code attach-report}.
     */
    public String arguments() {
        return arguments;
    }

    /** Answers the CLI; called once per request, in the target JVM. */
    public void answer(boolean ok, String body) throws IOException {
        ReportFiles.writeAtomically(replyDir.resolve(REPLY_FILE), (ok ? OK : FAILED) + "\n" + body);
    }
}
