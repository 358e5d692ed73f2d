package io.sockwatch.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens no socket; after {@code args[0]} millis prints how many of the process's fds are TCP sockets. (The
 * platform MBean server, which sockwatch registers in, opens a Unix-domain socket of its own: not TCP.)
 */
public final class NoSockets {

    public static void main(String[] args) throws IOException {
        Scenarios.sleep(Long.parseLong(args[0]));
        Set<String> tcpInodes = new HashSet<>();
        for (String file : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            for (String line : Files.readAllLines(Paths.get(file))) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 9) {
                    tcpInodes.add("socket:[" + cols[9] + "]");
                }
            }
        }
        long tcp;
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            tcp = fds.filter(fd -> {
                try {
                    return tcpInodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
        System.out.println("tcpSocketFds=" + tcp);
    }
}
