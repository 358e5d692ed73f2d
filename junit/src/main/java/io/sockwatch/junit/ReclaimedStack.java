package io.sockwatch.junit;

import java.util.List;

/** Sockets of one allocation stack that the GC reclaimed without close(), counted since the agent started. */
final class ReclaimedStack {
    final String kind;
    final long count;
    final String opener;
    final List<String> frames;
    final String site;

    ReclaimedStack(String kind, long count, String opener, List<String> frames, String site) {
        this.kind = kind;
        this.count = count;
        this.opener = opener;
        this.frames = frames;
        this.site = site;
    }
}
