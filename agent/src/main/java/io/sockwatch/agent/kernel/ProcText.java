package io.sockwatch.agent.kernel;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringTokenizer;

/**
 * Small /proc text files: {@code self/limits} (the fd limit), {@code sys/net/ipv4/ip_local_port_range}, the
 * writeback settings and {@code meminfo}, and the {@code self} link. Split without regular expressions (a JVM that exits soon would load java.util.regex for them). Read
 * with a {@code FileInputStream}: an NIO channel would initialise JDK networking before the application's main.
 */
public final class ProcText {
    private static final int MAX_BYTES = 64 * 1024;

    private ProcText() {
    }

    /** The soft {@code RLIMIT_NOFILE} from {@code procSelf/limits}; -1 for "unlimited"; throws if absent. */
    public static long openFilesLimit(Path procSelf) throws IOException {
        for (String line : read(procSelf.resolve("limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = new StringTokenizer(line.substring("Max open files".length())).nextToken();
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        throw new IOException(procSelf.resolve("limits") + " has no 'Max open files' line");
    }

    /**
     * The number of ephemeral ports, from {@code proc/sys/net/ipv4/ip_local_port_range} ("32768 60999") of the
     * network namespace; throws if unreadable.
     */
    public static int ephemeralPorts(Path proc) throws IOException {
        StringTokenizer range = new StringTokenizer(read(proc.resolve("sys/net/ipv4/ip_local_port_range")));
        if (range.countTokens() != 2) {
            throw new IOException("ip_local_port_range is not two numbers");
        }
        int low = Integer.parseInt(range.nextToken());
        return Integer.parseInt(range.nextToken()) - low + 1;
    }

    /**
     * The dirty page-cache bytes at which the kernel starts writing back in the background:
     * {@code vm.dirty_background_bytes}, else {@code vm.dirty_background_ratio} percent of {@code MemAvailable}
     * (the kernel's base, free and reclaimable memory, is close to it); throws if unreadable. Sysctl files are read
     * in one call: a read at a later offset returns nothing, so {@code Files.readAllBytes} got "1" of "10".
     */
    public static long backgroundWritebackBytes(Path proc) throws IOException {
        long bytes = Long.parseLong(read(proc.resolve("sys/vm/dirty_background_bytes")).trim());
        if (bytes > 0) {
            return bytes;
        }
        long ratio = Long.parseLong(read(proc.resolve("sys/vm/dirty_background_ratio")).trim());
        for (String line : read(proc.resolve("meminfo")).split("\n")) {
            if (line.startsWith("MemAvailable:")) {
                String kib = new StringTokenizer(line.substring("MemAvailable:".length())).nextToken();
                return Long.parseLong(kib) * 1024 / 100 * ratio;
            }
        }
        throw new IOException(proc.resolve("meminfo") + " has no 'MemAvailable' line");
    }

    /**
     * This process's id, from the {@code procSelf} link; {@link ProcessHandle} only when that cannot be read, as it
     * sets up a process-reaper executor class and its lambdas, measurable in a short JVM's exit report.
     */
    public static long pid(Path procSelf) {
        try {
            return Long.parseLong(Files.readSymbolicLink(procSelf).getFileName().toString());
        } catch (IOException | RuntimeException notLinux) {
            return ProcessHandle.current().pid();
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0 && out.size() < MAX_BYTES; ) {
                out.write(buffer, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.US_ASCII);
        }
    }
}
