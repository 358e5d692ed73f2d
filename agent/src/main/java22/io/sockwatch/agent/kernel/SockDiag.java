package io.sockwatch.agent.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TCP sockets of this network namespace through NETLINK_SOCK_DIAG, as {@code ss} does: one dump request
 * for both address families, answered with one {@code inet_diag_msg} per socket (linux
 * include/uapi/linux/inet_diag.h). The request is the older {@code TCPDIAG_GETSOCK} ({@code inet_diag_req}), whose
 * dump is the one that takes both families: the kernel walks its whole socket table once per dump, TIME_WAIT rows
 * included even when it leaves them out, and at 100k rows that walk is most of a scan. A kernel that refuses it is
 * asked with {@code SOCK_DIAG_BY_FAMILY} ({@code inet_diag_req_v2}) once per family from then on. Binary records instead of /proc's text: the kernel formats nothing and the
 * reader parses no text. The fields are the ones /proc/net/tcp prints, from the same kernel values (see
 * docs/design.md), so a {@link TcpRow} from here equals one from {@link ProcNetTcp}, except that a LISTEN socket's
 * send queue, which netlink reports as its backlog limit, is 0 as in /proc. While no TIME_WAIT row can be wanted
 * (no recent close of ours), the dump leaves TIME_WAIT out and {@link SockStat} counts those rows.
 *
 * <p>A netlink socket per read, closed before it returns, and native memory freed with it: nothing stays open
 * between scans. One instance per scanning thread.
 */
final class SockDiag implements TcpTableReader {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int IPPROTO_TCP = 6;

    // struct nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid
    private static final int NLMSG_HEADER = 16;
    private static final short NLMSG_ERROR = 2;
    private static final short NLMSG_DONE = 3;
    private static final short TCPDIAG_GETSOCK = 18;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_DUMP = 0x300;

    /** struct inet_diag_req_v2: family, protocol, ext, pad, u32 states, struct inet_diag_sockid (48 bytes). */
    private static final int REQUEST_BYTES = 56;
    /** struct inet_diag_req: family, src_len, dst_len, ext, struct inet_diag_sockid, u32 states, u32 dbs. */
    private static final int BOTH_FAMILIES_REQUEST_BYTES = 60;
    private static final int BOTH_FAMILIES_STATES = 52;
    /** Every state bit, 1 << TCP_ESTABLISHED ... 1 << TCP_NEW_SYN_RECV. */
    private static final int ALL_STATES = 0x1FFE;
    private static final int ALL_BUT_TIME_WAIT = ALL_STATES & ~(1 << TcpState.TIME_WAIT.code());
    /** idiag_timer of a timewait socket (net/ipv4/inet_diag.c), whatever its substate. */
    private static final int TIMEWAIT_TIMER = 3;

    // struct inet_diag_msg: family, state, timer, retrans, then the sockid: be16 sport, be16 dport, be32 src[4],
    // be32 dst[4], u32 if, u32 cookie[2]; then u32 expires, rqueue, wqueue, uid, inode
    private static final int MSG_BYTES = 72;
    private static final int FAMILY = 0;
    private static final int STATE = 1;
    private static final int TIMER = 2;
    private static final int SPORT = 4;
    private static final int DPORT = 6;
    private static final int SRC = 8;
    private static final int DST = 24;
    private static final int RQUEUE = 56;
    private static final int WQUEUE = 60;
    private static final int UID = 64;
    private static final int INODE = 68;
    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** Above the largest message batch the kernel sends for one recv (a dump skb is capped near 32 KiB). */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** A kernel that never answers fails the scan after this long instead of hanging the scanner thread. */
    private static final int RECEIVE_TIMEOUT_SECONDS = 5;

    private final SocketCalls libc;
    private final SockStat sockstat;
    private final byte[] ipv4 = new byte[4];
    private final byte[] ipv6 = new byte[16];
    private final HostTexts hosts = new HostTexts();
    /** False once the kernel refused TCPDIAG_GETSOCK. */
    private boolean bothFamiliesInOneDump = true;
    /** Timewait sockets of this read still in the FIN_WAIT2 substate: counted both as FIN_WAIT2 and in sockstat's tw. */
    private int finWait2Timewait;

    /** @param sockstat counts TIME_WAIT rows when the filter wants none of them */
    SockDiag(SocketCalls libc, SockStat sockstat) {
        this.libc = libc;
        this.sockstat = sockstat;
    }

    @Override
    public KernelTable read(RowFilter filter) throws IOException {
        List<TcpRow> rows = new ArrayList<>();
        int[] stateCounts = new int[TcpState.values().length];
        // Most rows of a busy namespace are TIME_WAIT: unless a recent close of ours may have left one, the kernel
        // skips them and sockstat counts them.
        boolean timeWaitRows = filter.wantsTimeWait();
        int states = timeWaitRows ? ALL_STATES : ALL_BUT_TIME_WAIT;
        finWait2Timewait = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(NLMSG_HEADER + BOTH_FAMILIES_REQUEST_BYTES, 8);
            MemorySegment buffer = arena.allocate(BUFFER_BYTES, 8);
            int fd = libc.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            try {
                libc.receiveTimeout(fd, RECEIVE_TIMEOUT_SECONDS);
                if (bothFamiliesInOneDump) {
                    bothFamiliesInOneDump = dump(fd, bothFamilies(request, states), buffer, filter, rows, stateCounts);
                }
                if (!bothFamiliesInOneDump) {
                    dump(fd, oneFamily(request, AF_INET, states), buffer, filter, rows, stateCounts);
                    dump(fd, oneFamily(request, AF_INET6, states), buffer, filter, rows, stateCounts);
                }
            } finally {
                libc.close(fd);
            }
        }
        if (!timeWaitRows) {
            stateCounts[TcpState.TIME_WAIT.ordinal()] = Math.max(0, sockstat.timeWait() - finWait2Timewait);
        }
        return new KernelTable(rows, stateCounts);
    }

    @Override
    public String source() {
        return "netlink";
    }

    /** A TCPDIAG_GETSOCK dump request: every TCP socket of both families in {@code states} (a bit mask). */
    private static MemorySegment bothFamilies(MemorySegment request, int states) {
        MemorySegment message = header(request, BOTH_FAMILIES_REQUEST_BYTES, TCPDIAG_GETSOCK, 0);
        message.set(JAVA_INT, NLMSG_HEADER + BOTH_FAMILIES_STATES, states);
        return message;
    }

    /** A SOCK_DIAG_BY_FAMILY dump request: the TCP sockets of {@code family} in {@code states}. */
    private static MemorySegment oneFamily(MemorySegment request, int family, int states) {
        MemorySegment message = header(request, REQUEST_BYTES, SOCK_DIAG_BY_FAMILY, family);
        message.set(JAVA_BYTE, NLMSG_HEADER, (byte) family);
        message.set(JAVA_BYTE, NLMSG_HEADER + 1, (byte) IPPROTO_TCP);
        message.set(JAVA_INT, NLMSG_HEADER + 4, states);
        return message;
    }

    private static MemorySegment header(MemorySegment request, int bodyBytes, short type, int sequence) {
        MemorySegment message = request.asSlice(0, NLMSG_HEADER + bodyBytes);
        message.fill((byte) 0);
        message.set(JAVA_INT, 0, (int) message.byteSize());
        message.set(JAVA_SHORT, 4, type);
        message.set(JAVA_SHORT, 6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
        message.set(JAVA_INT, 8, sequence); // one request at a time per socket
        return message;
    }

    /**
     * Sends one dump request and takes its answer up to NLMSG_DONE.
     *
     * @return false if the kernel refused a TCPDIAG_GETSOCK request outright (nothing read); true otherwise
     */
    private boolean dump(int fd, MemorySegment request, MemorySegment buffer, RowFilter filter, List<TcpRow> rows,
                         int[] stateCounts) throws IOException {
        short requestType = request.get(JAVA_SHORT, 4);
        boolean answered = false;
        if (libc.send(fd, request) != request.byteSize()) {
            throw new IOException("netlink request sent in part");
        }
        while (true) {
            long received = libc.receive(fd, buffer);
            int at = 0;
            while (at + NLMSG_HEADER <= received) {
                int length = buffer.get(JAVA_INT, at);
                short type = buffer.get(JAVA_SHORT, at + 4);
                if (length < NLMSG_HEADER || at + length > received) {
                    throw new IOException("malformed netlink message (length " + length + ")");
                }
                if (type == NLMSG_DONE) {
                    return true;
                }
                if (type == NLMSG_ERROR) {
                    if (requestType == TCPDIAG_GETSOCK && !answered) {
                        return false;
                    }
                    throw new IOException("sock_diag answered errno " + -buffer.get(JAVA_INT, at + NLMSG_HEADER));
                }
                if (type == requestType && length >= NLMSG_HEADER + MSG_BYTES) { // replies echo the request's type
                    answered = true;
                    socket(buffer, at + NLMSG_HEADER, filter, rows, stateCounts);
                }
                at += (length + 3) & ~3; // messages are 4-byte aligned
            }
            if (received == 0) {
                throw new IOException("netlink dump ended without NLMSG_DONE");
            }
        }
    }

    /** Counts one inet_diag_msg's state, and makes it a row if the filter wants it. */
    private void socket(MemorySegment buffer, int at, RowFilter filter, List<TcpRow> rows, int[] stateCounts) {
        TcpState state = TcpState.ofCode(Byte.toUnsignedInt(buffer.get(JAVA_BYTE, at + STATE)));
        stateCounts[state.ordinal()]++;
        if (state == TcpState.FIN_WAIT2 && buffer.get(JAVA_BYTE, at + TIMER) == TIMEWAIT_TIMER) {
            finWait2Timewait++;
        }
        long inode = Integer.toUnsignedLong(buffer.get(JAVA_INT, at + INODE));
        int localPort = Short.toUnsignedInt(buffer.get(PORT, at + SPORT));
        if (!filter.wants(state, inode, localPort)) {
            return;
        }
        int remotePort = Short.toUnsignedInt(buffer.get(PORT, at + DPORT));
        // /proc prints a listener's send queue as 0; netlink puts its backlog limit there
        long txQueue = state == TcpState.LISTEN ? 0 : Integer.toUnsignedLong(buffer.get(JAVA_INT, at + WQUEUE));
        long rxQueue = Integer.toUnsignedLong(buffer.get(JAVA_INT, at + RQUEUE));
        if (filter.isKnown(inode, state, localPort, remotePort, txQueue, rxQueue)) {
            return;
        }
        byte[] address = buffer.get(JAVA_BYTE, at + FAMILY) == AF_INET ? ipv4 : ipv6;
        MemorySegment.copy(buffer, JAVA_BYTE, at + SRC, address, 0, address.length);
        String localHost = hosts.host(address);
        MemorySegment.copy(buffer, JAVA_BYTE, at + DST, address, 0, address.length);
        String remoteHost = hosts.host(address);
        rows.add(new TcpRow(inode, state, localHost, localPort, remoteHost, remotePort, txQueue, rxQueue,
                buffer.get(JAVA_INT, at + UID)));
    }
}
