package io.sockwatch.agent;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start of sockwatch has done so far, kept as the parts to undo. A stop and a start that fails half-way
 * both undo through here, so they take the same steps: last done first, only for the parts that were done, and
 * each step even if an earlier one failed, so sockwatch is never left half running. Not thread-safe: start and
 * stop run under one lock.
 */
final class StartedParts {
    /** The parts of a start, each with its undo step as the line names it if that fails. */
    enum Part {
        RECORDS("forgetting the records"),
        HOOKS("restoring the JDK socket classes"),
        CLOCK("stopping the clock thread"),
        SCANNER("stopping the scanner thread"),
        SHUTDOWN_HOOK("removing the shutdown hook");

        final String undoing;

        Part(String undoing) {
            this.undoing = undoing;
        }
    }

    /** Undoes one part; may throw, which the other steps do not wait for. */
    interface Undo {
        void undo(Part part) throws Exception;
    }

    private final Deque<Part> done = new ArrayDeque<>();
    private final Undo undo;

    /**
     * @param undo one object for every part, not one lambda per part: each lambda is a class spun at run time,
     *     about 0.5 ms apiece at start-up on JDK 25 (docs/design.md, "Start-up")
     */
    StartedParts(Undo undo) {
        this.undo = undo;
    }

    /** Records a part as done. */
    void done(Part part) {
        done.push(part);
    }

    /** Undoes every part done, last first, and forgets them; null, or which step failed and why (the first). */
    String undoAll() {
        String problem = null;
        for (Part part = done.poll(); part != null; part = done.poll()) {
            try {
                undo.undo(part);
            } catch (Throwable t) {
                if (problem == null) {
                    problem = part.undoing + " failed (" + t + ")";
                }
            }
        }
        return problem;
    }
}
