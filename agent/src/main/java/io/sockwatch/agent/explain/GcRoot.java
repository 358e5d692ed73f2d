package io.sockwatch.agent.explain;

/** Where a retention path starts: a local of a thread's frame, a static field, a thread, or another VM root. */
final class GcRoot {
    enum Kind {
        /** A local variable or operand of a Java frame. */
        FRAME,
        /** A static field; HotSpot marks only boot classes as roots, so every class is taken as the root of its statics. */
        STATIC,
        /** A live thread's {@code Thread} object. */
        THREAD,
        /** A JNI global reference. */
        JNI_GLOBAL,
        /** Anything else the VM keeps: JNI locals, native stacks, monitors. */
        VM
    }

    private final Kind kind;
    private final long objectId;
    private final int threadSerial;
    private final int frame;
    private final ClassLayout staticHolder;
    private final String staticField;

    private GcRoot(Kind kind, long objectId, int threadSerial, int frame, ClassLayout staticHolder, String staticField) {
        this.kind = kind;
        this.objectId = objectId;
        this.threadSerial = threadSerial;
        this.frame = frame;
        this.staticHolder = staticHolder;
        this.staticField = staticField;
    }

    static GcRoot frame(long objectId, int threadSerial, int frame) {
        return new GcRoot(Kind.FRAME, objectId, threadSerial, frame, null, null);
    }

    static GcRoot staticField(long objectId, ClassLayout holder, String field) {
        return new GcRoot(Kind.STATIC, objectId, 0, -1, holder, field);
    }

    static GcRoot thread(long objectId, int threadSerial) {
        return new GcRoot(Kind.THREAD, objectId, threadSerial, -1, null, null);
    }

    static GcRoot other(Kind kind, long objectId) {
        return new GcRoot(kind, objectId, 0, -1, null, null);
    }

    Kind kind() {
        return kind;
    }

    long objectId() {
        return objectId;
    }

    int threadSerial() {
        return threadSerial;
    }

    /** Index into the thread's stack trace, 0 the innermost frame; -1 when not a frame root. */
    int frame() {
        return frame;
    }

    ClassLayout staticHolder() {
        return staticHolder;
    }

    String staticField() {
        return staticField;
    }
}
