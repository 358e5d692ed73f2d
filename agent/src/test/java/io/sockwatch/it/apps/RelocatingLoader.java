package io.sockwatch.it.apps;

import java.io.IOException;
import java.io.InputStream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * A shaded copy of a library, made as a build's relocation makes it: the classes of package {@code from} renamed,
 * with every reference to them, into {@code to} (e.g. {@code okhttp3} to {@code com.acme.shaded.okhttp3}).
 */
final class RelocatingLoader extends ClassLoader {
    private final String from;
    private final String to;

    RelocatingLoader(String from, String to, ClassLoader parent) {
        super(parent);
        this.from = from.replace('.', '/') + "/";
        this.to = to.replace('.', '/') + "/";
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String internal = name.replace('.', '/');
        if (!internal.startsWith(to)) {
            throw new ClassNotFoundException(name);
        }
        String original = from + internal.substring(to.length()) + ".class";
        try (InputStream in = getParent().getResourceAsStream(original)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(in.readAllBytes()).accept(new ClassRemapper(writer, new Remapper() {
                @Override
                public String map(String type) {
                    return type.startsWith(from) ? to + type.substring(from.length()) : type;
                }
            }), 0);
            byte[] relocated = writer.toByteArray();
            return defineClass(name, relocated, 0, relocated.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
