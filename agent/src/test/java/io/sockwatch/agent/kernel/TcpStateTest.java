package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpStateTest {
    /** include/net/tcp_states.h, codes 1..12 in order. */
    private static final TcpState[] KERNEL_ORDER = {
        TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2,
        TcpState.TIME_WAIT, TcpState.CLOSE, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.LISTEN,
        TcpState.CLOSING, TcpState.NEW_SYN_RECV,
    };

    @Test
    void everyKernelCodeMapsToItsState() {
        for (int code = 1; code <= KERNEL_ORDER.length; code++) {
            assertEquals(KERNEL_ORDER[code - 1], TcpState.ofCode(code), "code " + code);
        }
    }

    @Test
    void codeIsTheKernelCode() {
        for (int code = 1; code <= KERNEL_ORDER.length; code++) {
            assertEquals(code, KERNEL_ORDER[code - 1].code(), KERNEL_ORDER[code - 1].name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 0x0D, 0xFF, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void codesOutsideTheKernelTableAreUnknown(int code) {
        assertEquals(TcpState.UNKNOWN, TcpState.ofCode(code));
    }

    @Test
    void unknownHasCodeMinusOne() {
        assertEquals(-1, TcpState.UNKNOWN.code());
    }
}
