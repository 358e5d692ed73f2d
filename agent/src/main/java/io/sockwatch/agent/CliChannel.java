package io.sockwatch.agent;

import io.sockwatch.agent.instrument.AgentThread;
import io.sockwatch.agent.kernel.ProcText;
import io.sockwatch.agent.log.Log;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the CLI reaches a running sockwatch without loading the agent jar again: on JDK 21+ every load prints the
 * JVM's four-line warning into the application's stderr, and each one leaves a JVMTI environment and a class-path
 * entry behind. A directory {@code /tmp/sockwatch-channel-<pid>-<start>} of the JVM's user, {@code rwx------} (the
 * trust model of the JVM's own attach files: only that user and root can put a request in it), watched by one daemon
 * thread that carries out each {@code *.request} file. Opened by the first CLI request, deleted at detach and exit.
 * Plain java.io: a NIO file channel would initialise the JDK's networking classes.
 */
final class CliChannel {
    private static final long POLL_MILLIS = 100;
    /** A request is one line of options and a path; anything longer is not the CLI's. */
    private static final int MAX_REQUEST_BYTES = 8192;

    private final File dir;
    private final Consumer<AgentRequest> requests;
    private final AgentThread thread;
    private volatile boolean closed;

    private CliChannel(File dir, Consumer<AgentRequest> requests) {
        this.dir = dir;
        this.requests = requests;
        this.thread = new AgentThread("channel", new Runnable() { // not a lambda: a class spun during an attach
            @Override
            public void run() {
                serve();
            }
        });
    }

    /** Opens the channel and starts its thread; null, with one line on stderr, when it cannot. */
    static CliChannel open(Consumer<AgentRequest> requests) {
        File dir = null;
        try {
            dir = new File("/tmp", AgentRequest.channelName(ownPid(), startTicks()));
            create(dir.toPath());
            CliChannel channel = new CliChannel(dir, requests);
            channel.thread.start();
            return channel;
        } catch (IOException | RuntimeException | Error e) {
            if (dir != null) {
                delete(dir);
            }
            Log.warn("cannot open the CLI's request channel in /tmp ({}); each CLI command loads the agent again",
                    String.valueOf(e));
            return null;
        }
    }

    /**
     * Stops the thread (unless it is the caller: a detach comes through the channel) and deletes the directory, so
     * no later request can arrive.
     */
    void close() {
        closed = true;
        delete(dir);
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException closing) {
                continue;
            }
            String[] names = dir.list();
            if (names == null) {
                continue; // deleted by a tmp cleaner: the CLI then loads the agent again
            }
            for (String name : names) {
                if (closed) {
                    return;
                }
                if (name.endsWith(AgentRequest.CHANNEL_REQUEST)) {
                    take(new File(dir, name)).ifPresent(requests);
                }
            }
        }
    }

    /** Reads and deletes one request file; empty when it is not a whole request. */
    private static Optional<AgentRequest> take(File file) {
        byte[] content;
        try (InputStream in = new FileInputStream(file)) {
            content = in.readNBytes(MAX_REQUEST_BYTES + 1);
        } catch (IOException gone) {
            return Optional.empty();
        } finally {
            file.delete();
        }
        if (content.length > MAX_REQUEST_BYTES) {
            Log.warn("ignored an oversized request in the CLI's channel");
            return Optional.empty();
        }
        Optional<AgentRequest> request = AgentRequest.parse(new String(content, StandardCharsets.UTF_8).trim());
        if (!request.isPresent()) {
            Log.warn("ignored a malformed request in the CLI's channel");
        }
        return request;
    }

    /**
     * Creates the directory, owner-only; one left by this same process (a detach whose deletion failed) is taken
     * over, anything else at that name refuses the channel.
     */
    private static void create(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || !a.owner().equals(Files.getOwner(Path.of("/proc/self")))) {
                throw new IOException(dir + " exists and is not this JVM's");
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static void delete(File dir) {
        String[] names = dir.list();
        if (names != null) {
            for (String name : names) {
                new File(dir, name).delete();
            }
        }
        dir.delete();
    }

    /** This process's start time, as the CLI reads it from the outside. */
    private static long startTicks() throws IOException {
        String stat = procSelf("stat");
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }

    /**
     * getpid(), as the CLI finds it: the last of NSpid, the pid in the JVM's own PID namespace whichever procfs is
     * mounted (the /proc/self link names the one in the procfs's namespace); without NSpid (kernels before 4.1) the
     * CLI uses that one too. Not {@code ProcessHandle.current()}: it initialises {@code ProcessHandleImpl} in the
     * host, with its process reaper's executor (17 classes and three method handle forms spun on JDK 25).
     */
    private static long ownPid() throws IOException {
        String status = procSelf("status");
        int field = status.indexOf("\nNSpid:");
        if (field < 0) {
            return ProcText.pid(Path.of("/proc/self"));
        }
        int end = status.indexOf('\n', field + 1);
        String ids = status.substring(field + "\nNSpid:".length(), end < 0 ? status.length() : end).trim();
        return Long.parseLong(ids.substring(Math.max(ids.lastIndexOf('\t'), ids.lastIndexOf(' ')) + 1));
    }

    private static String procSelf(String file) throws IOException {
        try (InputStream in = new FileInputStream("/proc/self/" + file)) {
            return new String(in.readNBytes(8192), StandardCharsets.ISO_8859_1);
        }
    }
}
