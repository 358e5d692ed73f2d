package io.sockwatch.agent.instrument;

import io.sockwatch.agent.registry.SocketKind.Codes;

/**
 * One call into {@code sun.nio.ch.SockwatchHook} that sockwatch inserts into a JDK method: at its entry, or
 * before each of its returns (a method that throws never reaches an exit call). The calls that read the same on
 * every instrumented class are here; a class with its own logic subclasses this next to its instrumentation.
 * Made when a class is transformed, not held in constants: the instrumentations exist from the start, and this
 * family of small classes is then only loaded by a JVM that uses sockets.
 */
abstract class HookCall {
    private final boolean atExit;

    HookCall(boolean atExit) {
        this.atExit = atExit;
    }

    boolean atExit() {
        return atExit;
    }

    /** Pushes the hook's arguments and calls it; {@link HookCode} keeps the frames the verifier needs. */
    abstract void emit(HookCode code);

    /** At exit: {@code this} is a new socket of {@code kind} (a {@code SocketKind.Codes} value). */
    static HookCall opensThis(int kind) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.push(kind);
                code.push(-1);
                code.callOpened();
            }
        };
    }

    /**
     * As {@link #opensThis}, for a channel with an {@code int fdVal} field, passed at open: a channel dropped before
     * the first scan keeps its fd open (no cleaner), and only its number links it to its kernel socket.
     */
    static HookCall opensChannel(int kind) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.push(kind);
                code.loadField("fdVal", "I");
                code.callOpened();
            }
        };
    }

    /**
     * At entry, not exit: a close may defer the real fd release to a thread still blocked in I/O, but the
     * application has done its part. Repeated closes are harmless, the registry ignores unknown owners.
     */
    static HookCall closesThis() {
        return new HookCall(false) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.callClosed();
            }
        };
    }

    /** At entry: the current thread is about to read, write or accept on this socket. */
    static HookCall usesThis() {
        return new HookCall(false) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.callUsed();
            }
        };
    }

    /** At exit, in a library class: {@code this} is a new socket of {@code kind}. */
    static HookCall libraryOpensThis(int kind) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.push(kind);
                code.callOpened();
            }
        };
    }

    /** At entry: argument {@code connection} goes back to {@code this} pool unused. */
    static HookCall idleInThis(int connection) {
        return new HookCall(false) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(connection);
                code.loadThis();
                code.callIdle();
            }
        };
    }

    /**
     * At entry: argument {@code connection} was just leased from {@code this} pool by the current thread, or for
     * {@code this} request whose application stack {@link #asyncCallOfThis} kept (it names the pool too).
     */
    static HookCall leasedFromThis(int connection) {
        return new HookCall(false) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(connection);
                code.loadThis();
                code.callLeased();
            }
        };
    }

    /**
     * At the exit of a socket impl's {@code create(boolean stream)}: the fd exists only after it returns; a failed
     * create() never gets there. {@code if (stream) opened(this, server ? SERVER_SOCKET : SOCKET, -1)} with the
     * impl's boolean field {@code serverField}; with none (the legacy impl, whose field differs between JDK 11 and
     * 17) the kind is {@code PLAIN_SOCKET_IMPL} and the dispatcher reads which.
     */
    static HookCall createsStreamImpl(String serverField) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(0);
                code.skipUnless();
                code.loadThis();
                if (serverField != null) {
                    code.loadField(serverField, "Z");
                    code.pushEither(Codes.SERVER_SOCKET, Codes.SOCKET);
                } else {
                    code.push(Codes.PLAIN_SOCKET_IMPL);
                }
                code.push(-1);
                code.callOpened();
            }
        };
    }

    /** At exit of {@code SocketImpl.accept(si)}, which stores the new fd in the impl passed in: the accepted Socket's. */
    static HookCall acceptsSocketImpl() {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(0);
                code.push(Codes.ACCEPTED_SOCKET);
                code.push(-1);
                code.callOpened();
            }
        };
    }

    /** At exit: argument {@code call} is work the current thread hands to another thread (a JDK HttpClient request). */
    static HookCall asyncCall(int call) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(call);
                code.callAsyncCall();
            }
        };
    }

    /** At a constructor's exit: {@code this} is work the current thread hands to another thread (a Reactor Netty acquire). */
    static HookCall asyncCallOfThis() {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadThis();
                code.callAsyncCall();
            }
        };
    }

    /**
     * At exit: the work of argument {@code call} uses the connection in {@code this}'s field {@code connection} (with
     * its descriptor), on whatever thread.
     */
    static HookCall asyncConnection(int call, String connection, String descriptor) {
        return new HookCall(true) {
            @Override
            void emit(HookCode code) {
                code.loadArgument(call);
                code.loadField(connection, descriptor);
                code.callAsyncConnection();
            }
        };
    }
}
