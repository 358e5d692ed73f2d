package io.sockwatch.agent.registry;

/**
 * What kind of socket a record tracks. Advice inlined into JDK classes cannot reference this enum (the
 * boot loader cannot see it), so it passes {@link #code()} as a compile-time constant from {@link Codes}.
 */
public enum SocketKind {
    SOCKET(Codes.SOCKET),
    ACCEPTED_SOCKET(Codes.ACCEPTED_SOCKET),
    SERVER_SOCKET(Codes.SERVER_SOCKET),
    SOCKET_CHANNEL(Codes.SOCKET_CHANNEL),
    ACCEPTED_SOCKET_CHANNEL(Codes.ACCEPTED_SOCKET_CHANNEL),
    SERVER_SOCKET_CHANNEL(Codes.SERVER_SOCKET_CHANNEL),
    ASYNC_SOCKET_CHANNEL(Codes.ASYNC_SOCKET_CHANNEL),
    ACCEPTED_ASYNC_SOCKET_CHANNEL(Codes.ACCEPTED_ASYNC_SOCKET_CHANNEL),
    ASYNC_SERVER_SOCKET_CHANNEL(Codes.ASYNC_SERVER_SOCKET_CHANNEL),
    /** A channel of Netty's native epoll transport, whose socket is made in native code: connected, accepted or server. */
    NETTY_EPOLL_CHANNEL(Codes.NETTY_EPOLL_CHANNEL);

    private static final SocketKind[] BY_CODE = values();

    private final int code;

    SocketKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind for {@code code}, or null for a code no kind has. */
    public static SocketKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Compile-time constants, equal to the ordinals (checked by a unit test). */
    public static final class Codes {
        public static final int SOCKET = 0;
        public static final int ACCEPTED_SOCKET = 1;
        public static final int SERVER_SOCKET = 2;
        public static final int SOCKET_CHANNEL = 3;
        public static final int ACCEPTED_SOCKET_CHANNEL = 4;
        public static final int SERVER_SOCKET_CHANNEL = 5;
        public static final int ASYNC_SOCKET_CHANNEL = 6;
        public static final int ACCEPTED_ASYNC_SOCKET_CHANNEL = 7;
        public static final int ASYNC_SERVER_SOCKET_CHANNEL = 8;
        public static final int NETTY_EPOLL_CHANNEL = 9;
        /** A legacy PlainSocketImpl whose client/server role the dispatcher reads from the impl. */
        public static final int PLAIN_SOCKET_IMPL = 100;

        private Codes() {
        }
    }
}
