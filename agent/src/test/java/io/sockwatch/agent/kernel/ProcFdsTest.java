package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcFdsTest {
    @TempDir
    Path fdDir;

    private ProcFds fds;

    @BeforeEach
    void createFdLinks() throws IOException {
        link("3", "socket:[123]");
        link("4", "pipe:[5]");
        link("5", "/dev/null");
        link("7", "socket:[456]");
        link("12", "socket:[123]"); // dup of fd 3: sorts before "3" as text, after it as a number
        link("8", "socket:[]");
        link("9", "socket:[12a]");
        link("10", "socket:[789");
        link("self", "socket:[999]"); // not an fd number
        Files.createFile(fdDir.resolve("11")); // not a link at all
        fds = new ProcFds(fdDir);
    }

    private void link(String name, String target) throws IOException {
        Files.createSymbolicLink(fdDir.resolve(name), Paths.get(target));
    }

    @Test
    void socketInodeReadsSocketLinks() {
        assertEquals(123, fds.socketInode(3));
        assertEquals(456, fds.socketInode(7));
        assertEquals(123, fds.socketInode(12));
    }

    @Test
    void socketInodeIsMinusOneForOtherLinks() {
        assertEquals(-1, fds.socketInode(4), "pipe");
        assertEquals(-1, fds.socketInode(5), "file");
        assertEquals(-1, fds.socketInode(8), "empty inode");
        assertEquals(-1, fds.socketInode(9), "non-decimal inode");
        assertEquals(-1, fds.socketInode(10), "unterminated");
        assertEquals(-1, fds.socketInode(11), "regular file");
    }

    @Test
    void socketInodeIsMinusOneForFdsThatAreNotOpen() {
        assertEquals(-1, fds.socketInode(6));
        assertEquals(-1, fds.socketInode(-1));
    }

    @Test
    void socketInodesMapsEverySocketToItsLowestFd() {
        Map<Long, Integer> expected = new HashMap<>();
        expected.put(123L, 3);
        expected.put(456L, 7);

        assertEquals(expected, fds.socketInodes());
    }

    @Test
    void missingDirectoryHasNoSockets() {
        ProcFds missing = new ProcFds(fdDir.resolve("absent"));

        assertTrue(missing.socketInodes().isEmpty());
        assertEquals(-1, missing.socketInode(3));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsARealListeningSocketInProcSelf() throws IOException {
        ProcFds self = new ProcFds(Paths.get("/proc/self/fd"));
        // the first ServerSocket may initialise JDK networking, which could open descriptors of its own
        new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
        Map<Long, Integer> before = self.socketInodes();
        long inode;
        int fd;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<Long, Integer> after = self.socketInodes();
            Set<Long> opened = new HashSet<>(after.keySet());
            opened.removeAll(before.keySet());
            assertEquals(1, opened.size(), "new socket inodes: " + opened);
            inode = opened.iterator().next();
            fd = after.get(inode);
            assertEquals(inode, self.socketInode(fd));

            TcpRow row = new ProcNetTcp().read(Paths.get("/proc/self/net"), (state, candidate, localPort) -> candidate == inode)
                    .row(inode);
            assertNotNull(row, "no /proc/self/net row with inode " + inode);
            assertEquals(TcpState.LISTEN, row.state());
            assertEquals(server.getLocalPort(), row.localPort());
            // a dual-stack JDK socket sits in tcp6 as ::ffff:127.0.0.1 and must still print as IPv4
            assertEquals("127.0.0.1:" + server.getLocalPort(), row.local());
        }
        assertNotEquals(inode, self.socketInode(fd), "fd " + fd + " still refers to the closed socket");
    }

    /** The count follows the process's fds, and once the kernel's directory size agreed, costs no listing. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void countsOwnFdsWithoutListingThemEachTime() throws Exception {
        ProcFds self = new ProcFds(Paths.get("/proc/self/fd"));
        int before = countUntilStable(self);
        java.util.List<java.io.FileInputStream> opened = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                opened.add(new java.io.FileInputStream("/dev/null"));
            }
            assertNear(before + 2000, countUntilStable(self));
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long allocated = threads.getThreadAllocatedBytes(id);
            int counted = 0;
            for (int i = 0; i < 10; i++) {
                counted = self.count();
            }
            allocated = threads.getThreadAllocatedBytes(id) - allocated;
            // a listing of 2,000 fds makes about 200 KB of paths and names; Linux 6.2+ gives the count in one stat
            assertTrue(allocated < 10_000, "10 counts of 2,000 fds allocated " + allocated + " bytes");
            assertNear(before + 2000, counted);
        } finally {
            for (java.io.FileInputStream in : opened) {
                in.close();
            }
        }
        assertNear(before, countUntilStable(self));
    }

    /**
     * The count within a few fds of the expected one: surefire's and the JVM's own threads open and close files
     * (jars, the forked runner's channel) while the test runs; a count that stopped following moves by 2,000.
     */
    private static void assertNear(int expected, int counted) {
        assertTrue(Math.abs(counted - expected) <= 16, "counted " + counted + " fds, expected about " + expected);
    }

    /** The count, asked until two calls agree: the test JVM's other threads may open a file meanwhile. */
    private static int countUntilStable(ProcFds fds) {
        int last = fds.count();
        for (int n; (n = fds.count()) != last; ) {
            last = n;
        }
        return last;
    }
}
