package io.sockwatch.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes one hook call into a method. The class is written without recomputing stack map frames (that would
 * load classes to find common super types, in the middle of a class load), so this keeps the operand stack's
 * types and writes the frames of its own branches: the locals are the method's parameters, {@code this} first.
 * A class older than Java 6 has no frames, and gets none.
 */
final class HookCode {
    /** For JDK classes: {@code sun.nio.ch} is not exported to library classes. */
    static final String JDK_HOOK = "sun/nio/ch/SockwatchHook";
    /** For library classes: forwards to the JDK hook. */
    static final String LIBRARY_HOOK = "java/net/SockwatchLibraryHook";

    private final MethodVisitor mv;
    private final String owner;
    private final String hook;
    private final boolean frames;
    private final Type[] arguments;
    private final Object[] locals;
    private final List<Object> stack = new ArrayList<>();
    private Label skip;

    HookCode(MethodVisitor mv, String owner, String descriptor, String hook, boolean frames) {
        this.mv = mv;
        this.owner = owner;
        this.hook = hook;
        this.frames = frames;
        this.arguments = Type.getArgumentTypes(descriptor);
        this.locals = parameterFrame(owner, arguments);
    }

    /** The frame at method entry: {@code this} (initialised: no hook runs before a constructor's super call), then the arguments. */
    private static Object[] parameterFrame(String owner, Type[] arguments) {
        Object[] locals = new Object[arguments.length + 1];
        locals[0] = owner;
        for (int i = 0; i < arguments.length; i++) {
            locals[i + 1] = frameType(arguments[i]);
        }
        return locals;
    }

    Object[] locals() {
        return locals.clone();
    }

    void loadThis() {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        stack.add(owner);
    }

    void loadArgument(int index) {
        int slot = 1;
        for (int i = 0; i < index; i++) {
            slot += arguments[i].getSize();
        }
        mv.visitVarInsn(arguments[index].getOpcode(Opcodes.ILOAD), slot);
        stack.add(frameType(arguments[index]));
    }

    /** A field of {@code this}, by name and descriptor as the JDK class declares it. */
    void loadField(String name, String descriptor) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, owner, name, descriptor);
        stack.add(frameType(Type.getType(descriptor)));
    }

    void push(int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
        stack.add(Opcodes.INTEGER);
    }

    /** Pops a boolean; when it is false the hook is not called. Only with nothing else on the stack. */
    void skipUnless() {
        pop();
        if (!stack.isEmpty()) {
            throw new IllegalStateException("a skip must leave an empty stack");
        }
        if (skip == null) {
            skip = new Label();
        }
        mv.visitJumpInsn(Opcodes.IFEQ, skip);
    }

    /** Pops a boolean and pushes {@code ifTrue} or {@code ifFalse}. */
    void pushEither(int ifTrue, int ifFalse) {
        pop();
        Label otherwise = new Label();
        Label join = new Label();
        mv.visitJumpInsn(Opcodes.IFEQ, otherwise);
        push(ifTrue);
        mv.visitJumpInsn(Opcodes.GOTO, join);
        pop();
        mv.visitLabel(otherwise);
        frame();
        push(ifFalse);
        mv.visitLabel(join);
        frame();
    }

    /** The JDK hook takes the fd (or -1), the library hook does not. */
    void callOpened() {
        if (hook.equals(JDK_HOOK)) {
            call("opened", "(Ljava/lang/Object;II)V", 3);
        } else {
            call("opened", "(Ljava/lang/Object;I)V", 2);
        }
    }

    /** Pushes nothing: {@code (connection, pool)} must be on the stack. */
    void callIdle() {
        call("idle", "(Ljava/lang/Object;Ljava/lang/Object;)V", 2);
    }

    /** Pushes nothing: {@code (connection, pool)} must be on the stack. */
    void callLeased() {
        call("leased", "(Ljava/lang/Object;Ljava/lang/Object;)V", 2);
    }

    /** The internal name of the class being instrumented, as loaded (relocated or not). */
    String owner() {
        return owner;
    }

    void callAsyncCall() {
        call("asyncCall", "(Ljava/lang/Object;)V", 1);
    }

    /** Pushes nothing: {@code (call, connection)} must be on the stack. */
    void callAsyncConnection() {
        call("asyncConnection", "(Ljava/lang/Object;Ljava/lang/Object;)V", 2);
    }

    void callClosed() {
        call("closed", "(Ljava/lang/Object;)V", 1);
    }

    void callUsed() {
        call("used", "(Ljava/lang/Object;)V", 1);
    }

    /** Ends the hook code: where a skipped call continues. */
    void finish() {
        if (!stack.isEmpty()) {
            throw new IllegalStateException("hook code left " + stack + " on the stack");
        }
        if (skip != null) {
            mv.visitLabel(skip);
            frame();
        }
    }

    private void call(String name, String descriptor, int arguments) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, hook, name, descriptor, false);
        for (int i = 0; i < arguments; i++) {
            pop();
        }
    }

    private void pop() {
        stack.remove(stack.size() - 1);
    }

    /** A frame of {@code locals} and {@code stack} here, when the class has frames. */
    void frame(Object[] locals, Object[] stack) {
        if (frames) {
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    private void frame() {
        frame(locals(), stack.toArray());
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }
}
