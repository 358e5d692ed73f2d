package io.sockwatch.agent;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start of sockwatch has done so far, kept as the steps that undo it. A stop and a start that fails
 * half-way both undo through here, so they take the same steps: last done first, only for the parts that were
 * done, and each step even if an earlier one failed, so sockwatch is never left half running. Not thread-safe:
 * start and stop run under one lock.
 */
final class StartedParts {
    /** Undoes one part; may throw, which the other steps do not wait for. */
    interface Undo {
        void run() throws Exception;
    }

    private static final class Step {
        final String undoing;
        final Undo undo;

        Step(String undoing, Undo undo) {
            this.undoing = undoing;
            this.undo = undo;
        }
    }

    private final Deque<Step> done = new ArrayDeque<>();

    /** Records a part as done, with what undoes it; {@code undoing} names the step in the line if it fails. */
    void done(String undoing, Undo undo) {
        done.push(new Step(undoing, undo));
    }

    /** Undoes every part done, last first, and forgets them; null, or which step failed and why (the first). */
    String undoAll() {
        String problem = null;
        for (Step step = done.poll(); step != null; step = done.poll()) {
            try {
                step.undo.run();
            } catch (Throwable t) {
                if (problem == null) {
                    problem = step.undoing + " failed (" + t + ")";
                }
            }
        }
        return problem;
    }
}
