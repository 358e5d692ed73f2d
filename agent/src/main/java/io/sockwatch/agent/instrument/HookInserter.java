package io.sockwatch.agent.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Inserts one {@link HookCall} into a method: at entry, or before each {@code return} (exit calls are only for
 * void methods: constructors, {@code create}, {@code accept}). Each inserted call sits in its own
 * {@code catch (Throwable)} that drops whatever it throws, so nothing sockwatch does reaches the application;
 * the hook itself catches everything too, this only covers what the call instruction can throw.
 */
final class HookInserter extends MethodVisitor {
    private static final String THROWABLE = "java/lang/Throwable";

    private final String owner;
    private final String descriptor;
    private final HookCall call;
    private final String hook;
    private final boolean frames;
    /** NEWs of the owner's class not yet constructed: an {@code <init>} call on it with none pending is {@code this(...)}. */
    private int pendingNews;
    /**
     * A constructor that calls {@code this(...)} gets no exit call: the one it calls has it, and runs first. Channel
     * constructors chain, and two exit calls per channel made the registry look every new channel up before
     * adding it.
     */
    private boolean delegates;

    /** {@code hook}: the hook class the calls go to ({@link HookCode}); {@code frames}: whether the class has frames. */
    HookInserter(MethodVisitor mv, String owner, String descriptor, HookCall call, String hook, boolean frames) {
        super(Opcodes.ASM9, mv);
        this.owner = owner;
        this.descriptor = descriptor;
        this.call = call;
        this.hook = hook;
        this.frames = frames;
    }

    /**
     * Entry: {@code try { hook } catch (Throwable t) { }}, then the original code. Visited before the reader
     * visits the method's own exception table, so this handler comes first in it.
     */
    @Override
    public void visitCode() {
        super.visitCode();
        if (call.atExit()) {
            return;
        }
        Label handler = new Label();
        Label original = new Label();
        HookCode code = guardedCall(handler);
        super.visitJumpInsn(Opcodes.GOTO, original);
        super.visitLabel(handler);
        code.frame(code.locals(), new Object[] {THROWABLE});
        super.visitInsn(Opcodes.POP);
        super.visitLabel(original);
        code.frame(code.locals(), new Object[0]);
        // The original code may have a frame of its own at its first instruction; two frames cannot share an offset.
        super.visitInsn(Opcodes.NOP);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (opcode == Opcodes.NEW && type.equals(owner)) {
            pendingNews++;
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitMethodInsn(int opcode, String methodOwner, String name, String methodDescriptor,
                                boolean isInterface) {
        if (opcode == Opcodes.INVOKESPECIAL && name.equals(SocketInstrumentation.CONSTRUCTOR)
                && methodOwner.equals(owner)) {
            if (pendingNews > 0) {
                pendingNews--;
            } else {
                delegates = true;
            }
        }
        super.visitMethodInsn(opcode, methodOwner, name, methodDescriptor, isInterface);
    }

    /**
     * Exit: {@code try { hook } catch (Throwable t) { return; }} before each return of a void method, except in a
     * constructor that delegated to another (its {@code this(...)} call comes before any return).
     */
    @Override
    public void visitInsn(int opcode) {
        if (call.atExit() && !delegates && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (opcode != Opcodes.RETURN) {
                throw new IllegalStateException("exit hooks are only for void methods");
            }
            Label handler = new Label();
            HookCode code = guardedCall(handler);
            super.visitInsn(Opcodes.RETURN);
            super.visitLabel(handler);
            // The method's parameters as locals, not none: the verifier would take an empty frame (it drops
            // locals no code after it reads), but an agent transforming the class after sockwatch checks every
            // frame against the method's parameters (byte-buddy's Advice fails the class with "Inconsistent frame
            // length"). Parameter slots hold their declared types at every return of javac- or kotlinc-built code.
            code.frame(code.locals(), new Object[] {THROWABLE});
            super.visitInsn(Opcodes.POP);
            super.visitInsn(Opcodes.RETURN);
            return;
        }
        super.visitInsn(opcode);
    }

    /** The hook call inside a {@code try} block whose {@code catch (Throwable)} starts at {@code handler}. */
    private HookCode guardedCall(Label handler) {
        Label start = new Label();
        Label end = new Label();
        super.visitTryCatchBlock(start, end, handler, THROWABLE);
        super.visitLabel(start);
        HookCode code = new HookCode(mv, owner, descriptor, hook, frames);
        call.emit(code);
        code.finish();
        super.visitLabel(end);
        return code;
    }
}
