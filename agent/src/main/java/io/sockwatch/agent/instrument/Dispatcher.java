package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.InternalErrors;
import io.sockwatch.agent.registry.SocketKind;
import io.sockwatch.agent.registry.SocketRecord;
import io.sockwatch.agent.registry.SocketRegistry;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import sun.nio.ch.SockwatchHook;

/**
 * Where every hook lands: open, close, use. Runs on application threads, often inside a JDK lock, so it
 * only updates the registry: no logging, no I/O, no locks, and nothing it throws reaches the application.
 */
final class Dispatcher extends SockwatchHook {
    /**
     * A pool's class, or the class it extends when anonymous (HttpClient 5's manager subclasses its pool so), or
     * the class it is nested in when a member (HttpClient 5 leases in its pools' request and per-route classes).
     */
    private static final ClassValue<String> POOL_NAMES = new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
            Class<?> named = type;
            while (named.isAnonymousClass()) {
                named = named.getSuperclass();
            }
            while (named.isMemberClass()) {
                named = named.getEnclosingClass();
            }
            return named.getName();
        }
    };
    private final SocketRegistry registry;
    private final InternalErrors errors;

    private Dispatcher(SocketRegistry registry, InternalErrors errors) {
        this.registry = registry;
        this.errors = errors;
    }

    /** Routes every hook to {@code registry}. Only call once the hook class is defined: this class extends it. */
    static void activate(SocketRegistry registry, InternalErrors errors) {
        registry.connectionOwners(new ConnectionOwners(errors));
        registry.indexByFd(new ChannelFds());
        SockwatchHook.install(new Dispatcher(registry, errors));
    }

    /** A pooled connection's socket owner, for the scanner; a class, not a lambda: it is made at start-up. */
    private static final class ConnectionOwners implements Function<Object, Object> {
        private final InternalErrors errors;

        ConnectionOwners(InternalErrors errors) {
            this.errors = errors;
        }

        @Override
        public Object apply(Object connection) {
            try {
                return PooledConnections.ownerFound(connection);
            } catch (Throwable t) {
                errors.record("pooled connection", t);
                return null;
            }
        }
    }

    /** The fd a channel's open hook passes ({@link HookCall#opensChannel}), -1 for other owners. */
    private static final class ChannelFds implements ToIntFunction<Object> {
        @Override
        public int applyAsInt(Object owner) {
            return JdkSocketFields.channelFd(owner);
        }
    }

    static void deactivate() {
        SockwatchHook.install(null);
    }

    @Override
    protected void onOpen(Object owner, int code, int fd) {
        try {
            if (isSockwatchOrAttach(Thread.currentThread())) {
                return;
            }
            SocketKind kind = code == SocketKind.Codes.PLAIN_SOCKET_IMPL
                    ? (JdkSocketFields.isServerPlainImpl(owner) ? SocketKind.SERVER_SOCKET : SocketKind.SOCKET)
                    : SocketKind.ofCode(code);
            boolean tcp = kind == SocketKind.NETTY_EPOLL_CHANNEL ? NettyChannels.isTcp(owner)
                    : !JdkSocketFields.isUnixDomain(owner);
            if (kind != null && tcp) {
                registry.open(owner, kind, fd);
            }
        } catch (Throwable t) {
            errors.record("open", t);
        }
    }

    /**
     * Sockwatch's own threads, and the JVM's attach listener, which serves sockwatch's CLI and jcmd. The
     * application's RMI and JMX sockets are the application's: sockwatch starts no connector of its own.
     */
    private static boolean isSockwatchOrAttach(Thread t) {
        return t instanceof AgentThread || t.getName().equals("Attach Listener");
    }

    /**
     * The endpoints are read here, at {@code close()} entry, because a short-lived connection is never scanned:
     * this is the only moment its ports are known, and TIME_WAIT rows can only be matched by them.
     */
    @Override
    protected void onClose(Object owner) {
        try {
            SocketRecord record = registry.untrack(owner);
            if (record != null) {
                Endpoints ends = JdkSocketFields.endpoints(owner);
                registry.closed(record, ends.localPort(), ends.remoteAddress(), ends.remotePort());
            }
        } catch (Throwable t) {
            errors.record("close", t);
        }
    }

    /**
     * Runs on release, so its getters run once per request, never per read or write. A connection they do not
     * lead to its socket is left to the scanner.
     */
    @Override
    protected void onIdle(Object connection, Object pool) {
        try {
            String leasedFrom = registry.returned(connection);
            String name = leasedFrom != null ? leasedFrom : POOL_NAMES.get(pool.getClass());
            Object owner = PooledConnections.ownerOf(connection);
            if (owner != null) {
                registry.idle(owner, name);
            } else {
                registry.idleLater(connection, name);
            }
        } catch (Throwable t) {
            errors.record("idle", t);
        }
    }

    /**
     * Runs on every lease: a map put and a stack, kept for {@code pool} if it is an async request (Reactor Netty's
     * acquire) or else captured within the budget; the scanner finds the socket.
     */
    @Override
    protected void onLeased(Object connection, Object pool) {
        try {
            registry.leased(connection, POOL_NAMES.get(pool.getClass()), pool);
        } catch (Throwable t) {
            errors.record("lease", t);
        }
    }

    @Override
    protected void onAsyncCall(Object call) {
        try {
            registry.asyncCall(call);
        } catch (Throwable t) {
            errors.record("async call", t);
        }
    }

    /**
     * Only the JDK HttpClient calls this so far, with an exchange (whose request is the call) and its connection
     * (whose channel is the socket).
     */
    @Override
    protected void onAsyncConnection(Object exchange, Object connection) {
        try {
            registry.asyncConnection(Http1ExchangeInstrumentation.requestOf(exchange),
                    Http1ExchangeInstrumentation.channelOf(connection));
        } catch (Throwable t) {
            errors.record("async connection", t);
        }
    }

    @Override
    protected void onUse(Object owner) {
        try {
            registry.used(owner);
        } catch (Throwable t) {
            errors.record("use", t);
        }
    }
}
