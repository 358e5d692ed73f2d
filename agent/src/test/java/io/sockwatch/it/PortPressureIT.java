package io.sockwatch.it;

import static io.sockwatch.testing.Reports.list;
import static io.sockwatch.testing.Reports.map;
import static io.sockwatch.testing.SourceLines.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.it.apps.PortPressure;
import io.sockwatch.testing.AgentRun;
import io.sockwatch.testing.PrivateNetwork;
import io.sockwatch.testing.TestJdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A destination that holds more than half of the ephemeral port range is warned about, with the sites that hold
 * the ports. Runs in a private network namespace whose {@code ip_local_port_range} has 100 ports.
 */
class PortPressureIT {
    private static final List<String> SMALL_PORT_RANGE = PrivateNetwork.withPortRange(40000, 40099);

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void aDestinationHoldingMostEphemeralPortsIsWarnedAboutWithItsSites(TestJdk jdk, @TempDir Path dir) throws Exception {
        AgentRun run = AgentRun.runWrapped(SMALL_PORT_RANGE, jdk, dir, "interval=200ms", PortPressure.class);
        assertEquals(0, run.exitCode, run.describe());
        Map<String, Object> ports = map(run.snapshot("ports"), "ports");
        assertEquals(100L, ports.get("ephemeralRange"), ports.toString());
        List<Map<String, Object>> destinations = list(ports, "destinations");
        assertEquals(1, destinations.size(), destinations.toString());
        Map<String, Object> server = destinations.get(0);
        assertEquals((long) (PortPressure.CLOSED_FIRST + PortPressure.HELD), server.get("inUse"), server.toString());
        assertEquals((long) PortPressure.CLOSED_FIRST, server.get("closing"), server.toString());
        assertEquals(true, server.get("warning"), server.toString());
        List<Map<String, Object>> sites = list(server, "sites");
        assertEquals("closed first at " + frame(PortPressure.class, "main", "close:short"), sites.get(0).get("site"));
        assertEquals((long) PortPressure.CLOSED_FIRST, sites.get(0).get("count"));
        assertEquals("opened at " + frame(PortPressure.class, "main", "open:held"), sites.get(1).get("site"));
    }
}
