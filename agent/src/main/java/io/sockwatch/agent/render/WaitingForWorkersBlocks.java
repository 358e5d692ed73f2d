package io.sockwatch.agent.render;

import io.sockwatch.agent.log.Printable;
import io.sockwatch.agent.report.ThreadSnapshot;
import io.sockwatch.agent.report.WaitingForWorkers;

/**
 * How each report form shows a leak group of connections waiting for a worker ({@link WaitingForWorkers}): the verdict
 * and where the server's workers are. One place, so the three forms say the same.
 */
public final class WaitingForWorkersBlocks {
    private WaitingForWorkersBlocks() {
    }

    /** The lines after the group's header in the text report. */
    public static void text(StringBuilder out, WaitingForWorkers w) {
        out.append("  WAITING FOR A WORKER (thread-pool starvation): the server at ").append(Printable.text(w.server))
                .append(" accepted them and no thread ever read them; their clients gave up and closed\n");
        out.append("  ").append(summary(w)).append('\n');
        for (WaitingForWorkers.Workers group : w.workers) {
            out.append("      ").append(group.threads.size()).append(" thread(s) ").append(group.state).append(" at ")
                    .append(Printable.text(group.at)).append(", thread pool ").append(Printable.text(group.threadPool)).append(": ");
            for (int i = 0; i < group.threads.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(Printable.text(group.threads.get(i).describe()));
            }
            out.append('\n');
        }
    }

    /** The group's {@code waitingForWorkers} object in the JSON report; threads by id, as in {@code threads}. */
    static void json(JsonWriter out, WaitingForWorkers w) {
        out.name("waitingForWorkers").beginObject().name("server").value(w.server).name("workers").beginArray();
        for (WaitingForWorkers.Workers group : w.workers) {
            out.beginObject().name("at").value(group.at).name("state").value(group.state).name("threadPool").value(group.threadPool)
                    .name("count").value(group.threads.size()).name("threads").beginArray();
            for (ThreadSnapshot t : group.threads) {
                out.value(t.id);
            }
            out.endArray().endObject();
        }
        out.endArray().endObject();
    }

    /** A paragraph of the group's article in the HTML report. */
    static void html(StringBuilder h, WaitingForWorkers w) {
        h.append("<p><strong>Waiting for a worker (thread-pool starvation)</strong>: the server at ")
                .append(HtmlReport.esc(w.server)).append(" accepted them and no thread ever read them. ")
                .append(HtmlReport.esc(summary(w))).append("</p>\n<ul>\n");
        for (WaitingForWorkers.Workers group : w.workers) {
            h.append("<li>").append(group.threads.size()).append(" thread(s) ").append(HtmlReport.esc(group.state))
                    .append(" at <code>").append(HtmlReport.esc(group.at)).append("</code>, thread pool ")
                    .append(HtmlReport.esc(group.threadPool)).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static String summary(WaitingForWorkers w) {
        if (w.workers.isEmpty()) {
            return "no thread has served this server's other connections since sockwatch started, so its workers are "
                    + "unknown: a thread dump shows where they wait";
        }
        int n = 0;
        for (WaitingForWorkers.Workers group : w.workers) {
            n += group.threads.size();
        }
        return "where the server's " + n + " worker(s) are now (the threads that served its other connections); "
                + "unblock them (a timeout on the call they wait in) or give the server more threads:";
    }
}
