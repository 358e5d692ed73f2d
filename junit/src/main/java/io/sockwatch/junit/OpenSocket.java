package io.sockwatch.junit;

import java.util.List;

/** A tracked socket that was open at a scan, as the agent's JSON report describes it. Immutable. */
final class OpenSocket {
    final String kind;
    final int fd;
    final String state;
    final String local;
    final String remote;
    final long openedAtMillis;
    final long openerId;
    /** As the text report names threads: {@code thread "main" #1}. */
    final String opener;
    /** The allocation stack, innermost first, as stack trace lines; empty when the agent did not sample it. */
    final List<String> frames;
    /** The agent's site: the first application frame, or a description when there is none. */
    final String site;

    OpenSocket(String kind, int fd, String state, String local, String remote, long openedAtMillis, long openerId,
               String opener, List<String> frames, String site) {
        this.kind = kind;
        this.fd = fd;
        this.state = state;
        this.local = local;
        this.remote = remote;
        this.openedAtMillis = openedAtMillis;
        this.openerId = openerId;
        this.opener = opener;
        this.frames = frames;
        this.site = site;
    }

    /**
     * Tells this socket apart from every other one of the run: an fd number is reused only after a close, and a
     * socket opened on it afterwards has another opening time or kind.
     */
    String identity() {
        return kind + "/" + fd + "/" + openedAtMillis;
    }
}
