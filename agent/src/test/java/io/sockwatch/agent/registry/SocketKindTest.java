package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SocketKindTest {

    @Test
    void codesAreTheOrdinalsTheAdvicePasses() {
        for (SocketKind kind : SocketKind.values()) {
            assertEquals(kind.ordinal(), kind.code());
            assertEquals(kind, SocketKind.ofCode(kind.code()));
        }
        assertNull(SocketKind.ofCode(SocketKind.Codes.PLAIN_SOCKET_IMPL), "resolved by the dispatcher instead");
        assertNull(SocketKind.ofCode(-1));
    }
}
