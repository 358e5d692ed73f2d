package io.sockwatch.agent.explain;

import java.io.IOException;

/**
 * The heap dump breaks the HPROF format: one line naming what is wrong and the record where, e.g.
 * {@code malformed: class com.acme.A is its own superclass (CLASS DUMP record at byte 1482113)}.
 */
final class MalformedHeapDumpException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedHeapDumpException(String problem, String record, long offset) {
        super("malformed: " + problem + " (" + record + " record at byte " + offset + ")");
    }
}
