package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TcpRowTest {
    private static TcpRow row(long inode) {
        return new TcpRow(inode, TcpState.CLOSE_WAIT, "127.0.0.1", 8080, "[::1]", 40186, 7L, 1L, 1000);
    }

    @Test
    void gettersReturnConstructorArguments() {
        TcpRow row = row(22050);

        assertEquals(22050, row.inode());
        assertEquals(TcpState.CLOSE_WAIT, row.state());
        assertEquals("127.0.0.1", row.localHost());
        assertEquals(8080, row.localPort());
        assertEquals("[::1]", row.remoteHost());
        assertEquals(40186, row.remotePort());
        assertEquals(7L, row.txQueue());
        assertEquals(1L, row.rxQueue());
        assertEquals(1000, row.uid());
    }

    @Test
    void localAndRemoteAreHostColonPort() {
        TcpRow row = row(22050);

        assertEquals("127.0.0.1:8080", row.local());
        assertEquals("[::1]:40186", row.remote());
    }

    @Test
    void equalRowsAreEqualAndDifferentRowsAreNot() {
        assertEquals(row(1), row(1));
        assertEquals(row(1).hashCode(), row(1).hashCode());
        assertNotEquals(row(1), row(2));
    }

    @Test
    void toStringShowsStateEndpointsInodeAndUnsignedUid() {
        TcpRow row = new TcpRow(42, TcpState.LISTEN, "0.0.0.0", 80, "0.0.0.0", 0, 0, 3, -2);

        String text = row.toString();

        assertTrue(text.contains("LISTEN"), text);
        assertTrue(text.contains("0.0.0.0:80 -> 0.0.0.0:0"), text);
        assertTrue(text.contains("inode=42"), text);
        assertTrue(text.contains("rx=3"), text);
        assertTrue(text.contains("uid=4294967294"), text);
    }

    @Test
    void rejectsMissingState() {
        assertThrows(NullPointerException.class,
                () -> new TcpRow(1, null, "127.0.0.1", 1, "127.0.0.1", 2, 0, 0, 0));
    }
}
