package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Leaks a socket from code and threads whose names would take over a terminal or forge a line of sockwatch's
 * output if printed as they are: the opening thread's name clears the screen and turns the text red, the thread
 * that reads names a second leak on a line of its own, and so does the source file of the class that opens it
 * (a class file may name any source file; its class name holds a terminal reset).
 */
public final class ForgedNames {
    public static final String FORGED_LINE = "LEAK 1/1: 99 socket(s) in CLOSE_WAIT opened at Forged.line(Forged.java:1)";
    public static final String OPENER_THREAD = "\u001b[2J\u001b[31mevil";
    public static final String READER_THREAD = "x\n" + FORGED_LINE;
    public static final String OPENER_CLASS = "Forged\u001bc";
    private static final String SOURCE_FILE = "\u001b[2JForged.java\n" + FORGED_LINE + "\n";
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Thread peer = Scenarios.peerClosingAfterOneByte(server);
        Class<?> opener = defineOpener();
        Thread open = new Thread(() -> {
            try {
                LEAKED.add((Socket) opener.getMethod("open", InetAddress.class, int.class)
                        .invoke(null, LOOPBACK, server.getLocalPort()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, OPENER_THREAD);
        open.start();
        open.join();
        Thread read = new Thread(() -> {
            try {
                LEAKED.get(0).getInputStream().read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, READER_THREAD);
        read.start();
        read.join();
        peer.join();
        Scenarios.snapshotWhenLeaking("leaked", 1);
    }

    /** {@code public static Socket open(InetAddress a, int port) { return new Socket(a, port); }}, named as above. */
    private static Class<?> defineOpener() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, OPENER_CLASS, null, "java/lang/Object", null);
        cw.visitSource(SOURCE_FILE, null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "open",
                "(Ljava/net/InetAddress;I)Ljava/net/Socket;", null, null);
        m.visitCode();
        m.visitTypeInsn(Opcodes.NEW, "java/net/Socket");
        m.visitInsn(Opcodes.DUP);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/net/Socket", "<init>", "(Ljava/net/InetAddress;I)V", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        return new ClassLoader(ForgedNames.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(OPENER_CLASS, bytes, 0, bytes.length);
            }
        }.define();
    }
}
