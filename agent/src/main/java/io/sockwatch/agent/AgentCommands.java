package io.sockwatch.agent;

import io.sockwatch.agent.log.Log;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one load of the agent jar asks for, inside sockwatch's own class loader: options from
 * {@code -javaagent} (or a hand-made {@code loadAgent}), or a CLI request answered through its reply file.
 */
public final class AgentCommands {

    private AgentCommands() {
    }

    /** For {@code -javaagent}, called by {@link SockwatchAgent}; never throws. True when sockwatch runs afterwards. */
    public static Object premain(Object args, Object inst) {
        return run((String) args, (Instrumentation) inst, false);
    }

    /** For every dynamic load, as {@link #premain}. */
    public static Object agentmain(Object args, Object inst) {
        return run((String) args, (Instrumentation) inst, true);
    }

    private static boolean run(String args, Instrumentation inst, boolean attached) {
        try {
            if (!AgentRequest.isRequest(args)) {
                List<String> problems = new ArrayList<>();
                AgentOptions options = AgentOptions.parse(args, problems);
                for (String problem : problems) {
                    Log.warn("{}", problem);
                }
                Sockwatch.start(inst, options, attached);
            } else {
                Optional<AgentRequest> request = AgentRequest.parse(args);
                if (request.isPresent()) {
                    answer(request.get(), inst);
                    // the CLI's next requests need not load the agent again
                    Sockwatch.openChannel(new Consumer<AgentRequest>() { // not a lambda: spun during the attach
                        @Override
                        public void accept(AgentRequest next) {
                            answerFromChannel(next, inst);
                        }
                    });
                } else {
                    Log.warn("ignored a malformed request from the sockwatch CLI: '{}'", args);
                }
            }
        } catch (Throwable t) {
            Log.warn("could not carry out '{}' ({})", args, String.valueOf(t));
        }
        return Sockwatch.running() != null;
    }

    /** Whether sockwatch runs; asked before a later load reuses the class loader of an earlier one. */
    public static Object running() {
        return Sockwatch.running() != null;
    }

    private static void answerFromChannel(AgentRequest request, Instrumentation inst) {
        try {
            answer(request, inst);
        } catch (Throwable t) {
            Log.warn("could not carry out the CLI's '{}' ({})", request.command(), String.valueOf(t));
        }
    }

    private static void answer(AgentRequest request, Instrumentation inst) throws Exception {
        Sockwatch running = Sockwatch.running();
        switch (request.command()) {
            case "attach":
            case "attach-report": {
                // attach-report: "<text|json>[,<options>]": the first report in the same answer, one JVM start
                // of the CLI instead of two, while the incident is on
                String options = request.arguments();
                String form = null;
                if (request.command().equals("attach-report")) {
                    int comma = options.indexOf(',');
                    form = comma < 0 ? options : options.substring(0, comma);
                    options = comma < 0 ? "" : options.substring(comma + 1);
                }
                List<String> problems = AgentOptions.problems(options);
                if (!problems.isEmpty()) {
                    request.answer(false, problems.get(0));
                    return;
                }
                String problem = Sockwatch.start(inst, AgentOptions.parse(options, new ArrayList<>()), true);
                if (problem != null) {
                    request.answer(false, problem);
                    return;
                }
                Sockwatch started = Sockwatch.running();
                String effective = started.options().toString();
                request.answer(true, form == null ? effective : effective + "\n" + report(started, form));
                return;
            }
            case "report":
                if (running == null) {
                    request.answer(false, "not running");
                } else {
                    request.answer(true, report(running, request.arguments()));
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

    /** A fresh report in {@code form}: {@code json}, {@code html}, or text. */
    private static String report(Sockwatch running, String form) {
        return "json".equals(form) ? running.jsonReport() : "html".equals(form) ? running.htmlReport()
                : running.textReport();
    }
}
