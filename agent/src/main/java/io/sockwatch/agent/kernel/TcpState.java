package io.sockwatch.agent.kernel;

/** TCP socket states, numbered as in the Linux kernel's include/net/tcp_states.h. */
public enum TcpState {
    ESTABLISHED(0x01),
    SYN_SENT(0x02),
    SYN_RECV(0x03),
    FIN_WAIT1(0x04),
    FIN_WAIT2(0x05),
    TIME_WAIT(0x06),
    CLOSE(0x07),
    CLOSE_WAIT(0x08),
    LAST_ACK(0x09),
    LISTEN(0x0A),
    CLOSING(0x0B),
    NEW_SYN_RECV(0x0C),
    /** A code this enum does not know, e.g. one added by a newer kernel. */
    UNKNOWN(-1);

    private static final TcpState[] BY_CODE = new TcpState[NEW_SYN_RECV.code + 1];

    static {
        for (TcpState state : values()) {
            if (state != UNKNOWN) {
                BY_CODE[state.code] = state;
            }
        }
    }

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    /**
     * Kernel state code as printed in /proc/net/tcp (hex column "st"): 0x01 ESTABLISHED ... 0x0B CLOSING,
     * 0x0C NEW_SYN_RECV; anything else UNKNOWN.
     */
    public static TcpState ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            return UNKNOWN;
        }
        return BY_CODE[code];
    }

    /** The kernel's code for this state; -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }
}
