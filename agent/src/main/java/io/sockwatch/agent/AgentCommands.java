package io.sockwatch.agent;

import io.sockwatch.agent.log.Log;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Optional;

/**
 * What one load of the agent jar asks for, inside sockwatch's own class loader: options from
 * {@code -javaagent} (or a hand-made {@code loadAgent}), or a CLI request answered through its reply file.
 */
public final class AgentCommands {

    private AgentCommands() {
    }

    /** Called by {@link SockwatchAgent}; never throws. True when sockwatch runs afterwards. */
    public static boolean run(String args, Instrumentation inst, boolean attached) {
        try {
            if (!AgentRequest.isRequest(args)) {
                AgentOptions options = AgentOptions.parse(args, problem -> Log.warn("{}", problem));
                Sockwatch.start(inst, options, attached);
            } else {
                Optional<AgentRequest> request = AgentRequest.parse(args);
                if (request.isPresent()) {
                    answer(request.get(), inst);
                } else {
                    Log.warn("ignored a malformed request from the sockwatch CLI: '{}'", args);
                }
            }
        } catch (Throwable t) {
            Log.warn("could not carry out '{}' ({})", args, String.valueOf(t));
        }
        return Sockwatch.running() != null;
    }

    private static void answer(AgentRequest request, Instrumentation inst) throws Exception {
        Sockwatch running = Sockwatch.running();
        switch (request.command()) {
            case "attach": {
                List<String> problems = AgentOptions.problems(request.arguments());
                if (!problems.isEmpty()) {
                    request.answer(false, problems.get(0));
                    return;
                }
                String problem = Sockwatch.start(inst, AgentOptions.parse(request.arguments(), ignored -> { }), true);
                request.answer(problem == null, problem == null ? Sockwatch.running().options().toString() : problem);
                return;
            }
            case "report":
                if (running == null) {
                    request.answer(false, "not running");
                } else {
                    String form = request.arguments();
                    request.answer(true, "json".equals(form) ? running.jsonReport()
                            : "html".equals(form) ? running.htmlReport() : running.textReport());
                }
                return;
            case "detach":
                if (running == null) {
                    request.answer(false, "not running");
                } else {
                    String problem = Sockwatch.stop();
                    request.answer(problem == null, problem == null ? "detached" : problem);
                }
                return;
            default:
                request.answer(false, "unknown command '" + request.command() + "' (a CLI of another sockwatch version?)");
        }
    }
}
