package io.sockwatch.bench;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code Attacher <pid> <agent.jar> <options> <json-file>}: loads the agent into a running JVM through the
 * JDK Attach API (the agentmain path a sockwatch attach command would use) and times the attach, then the
 * wait until the agent's first scan has written {@code json-file}.
 */
public final class Attacher {
    private Attacher() {
    }

    public static void main(String[] args) throws Exception {
        String pid = args[0];
        String jar = args[1];
        String options = args[2];
        Path json = Paths.get(args[3]);
        Files.deleteIfExists(json);
        long t0 = System.nanoTime();
        VirtualMachine vm = VirtualMachine.attach(pid);
        long attached = System.nanoTime();
        vm.loadAgent(jar, options);
        long loaded = System.nanoTime();
        vm.detach();
        long deadline = t0 + 60_000_000_000L;
        while (!Files.exists(json) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        long first = System.nanoTime();
        System.out.println("RESULT attach_ms=" + Workloads.fmt((attached - t0) / 1e6)
                + " load_ms=" + Workloads.fmt((loaded - attached) / 1e6)
                + " first_report_ms=" + (Files.exists(json) ? Workloads.fmt((first - t0) / 1e6) : "NA"));
    }
}
