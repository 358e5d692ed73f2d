package io.sockwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code docker run} gives a JVM, made with {@code unshare}: its own mount and PID namespaces (the JVM is pid
 * 1 there), a root file system of bind mounts ({@code /usr}, {@code /etc}, {@code /dev}; the test classes at
 * {@code /classes}; the test's directory at {@code /app}, its working directory), a private tmpfs {@code /tmp}, its
 * own {@code /proc}, and another user ({@code nobody}). The debug-container shape ({@code kubectl debug --target}:
 * the PID namespace shared, {@code /tmp} not) is {@link #privateTmp}.
 */
public final class Container {
    private static final String USER = "nobody:nogroup";
    private static final String SETUP = String.join("\n",
            "set -e",
            "R=$0; APP=$1; CLASSES=$2; shift 2",
            "mount --rbind /usr $R/usr; mount --rbind /etc $R/etc; mount --rbind /dev $R/dev",
            "mount -t tmpfs -o mode=1777 tmpfs $R/tmp",
            "mount -t proc proc $R/proc",
            "mount --bind $APP $R/app; mount --bind -o ro $CLASSES $R/classes",
            "exec chroot --userspec=" + USER + " $R sh -c 'cd /app && exec \"$@\"' sh \"$@\"");

    private Container() {
    }

    /**
     * The command that runs {@code command} (a JDK's java and its arguments; the classpath {@code /classes}) in a new
     * container whose root is built under {@code dir}, with {@code dir/app} as its working directory.
     */
    public static List<String> command(Path dir, List<String> command) throws IOException {
        Path root = dir.resolve("root");
        for (String d : List.of("usr", "etc", "dev", "proc", "tmp", "app", "classes")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String link : List.of("bin", "lib", "lib64", "sbin")) {
            Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
        }
        // the container's user writes its working directory; JUnit made it owner-only
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "sh", "-c", SETUP, root.toString(), dir.toString(), AgentRun.TEST_CLASSES.toString()));
        full.addAll(command);
        return full;
    }

    /** What runs a command with a private tmpfs {@code /tmp}, all else shared. */
    public static List<String> privateTmp() {
        return List.of("unshare", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /tmp && exec \"$@\"", "sh");
    }
}
