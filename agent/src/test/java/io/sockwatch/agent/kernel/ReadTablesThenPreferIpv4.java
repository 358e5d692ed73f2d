package io.sockwatch.agent.kernel;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reads /proc as a scan does, then asks for IPv4 the way an application's main may, and prints where its
 * listener landed: "0.0.0.0:port" (tcp) if the property still took effect, "[::]:port" (tcp6) if the reads had
 * initialised JDK networking first. Run in a fresh JVM by {@link ProcReadsLeaveNetworkingAloneTest}.
 */
public final class ReadTablesThenPreferIpv4 {

    public static void main(String[] args) throws Exception {
        Path proc = Paths.get("/proc/self");
        new ProcNetTcp().read(proc.resolve("net"), (state, inode, localPort) -> true);
        new ProcFds(proc.resolve("fd")).socketInodes();

        System.setProperty("java.net.preferIPv4Stack", "true");
        try (ServerSocket listener = new ServerSocket(0)) {
            int port = listener.getLocalPort();
            for (TcpRow row : new ProcNetTcp().read(proc.resolve("net"), (state, inode, localPort) -> inode != 0).rows()) {
                if (row.state() == TcpState.LISTEN && row.localPort() == port) {
                    System.out.println("listener=" + row.local());
                }
            }
        }
    }
}
