package io.sockwatch.agent.scan;

import io.sockwatch.agent.kernel.IpText;
import io.sockwatch.agent.report.Counts;
import io.sockwatch.agent.report.PortUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local ports this process holds per destination, counted socket by socket while a scan walks its records: no
 * key, text or boxed count per socket (a scan of 10k connections made 10k {@code ip:port} texts for a handful of
 * destinations). The host strings are the scan's shared ones. Used by one scan.
 */
final class DestinationPorts {
    /** Per peer host: its destinations (one per port), few enough to search in turn. */
    private final Map<String, List<Destination>> byHost = new HashMap<>();

    /** One open outgoing connection to {@code host:port}, opened at {@code site}. */
    void open(String host, int port, String site) {
        add(host, port, 0, site);
    }

    /** One row of a connection to {@code host:port} this process closed first, at {@code site}. */
    void closing(String host, int port, String site) {
        add(host, port, 1, site);
    }

    private void add(String host, int port, int column, String site) {
        List<Destination> destinations = byHost.get(host);
        if (destinations == null) {
            destinations = new ArrayList<>(1);
            byHost.put(host, destinations);
        }
        Destination d = null;
        for (int i = 0; i < destinations.size() && d == null; i++) { // no iterator per socket
            if (destinations.get(i).port == port) {
                d = destinations.get(i);
            }
        }
        if (d == null) {
            d = new Destination(port);
            destinations.add(d);
        }
        d.ports[column]++;
        int[] n = d.sites.get(site);
        if (n == null) {
            n = new int[1];
            d.sites.put(site, n);
        }
        n[0]++;
    }

    /** Every destination's use, unsorted, each with its {@code sitesPerDestination} biggest sites. */
    List<PortUse> uses(int range, int sitesPerDestination) {
        List<PortUse> uses = new ArrayList<>();
        for (Map.Entry<String, List<Destination>> host : byHost.entrySet()) {
            for (Destination d : host.getValue()) {
                Map<String, Integer> sites = new HashMap<>();
                for (Map.Entry<String, int[]> site : d.sites.entrySet()) {
                    sites.put(site.getKey(), site.getValue()[0]);
                }
                uses.add(new PortUse(IpText.endpoint(host.getKey(), d.port), d.ports[0], d.ports[1], range,
                        Counts.biggestFirst(sites, sitesPerDestination)));
            }
        }
        return uses;
    }

    private static final class Destination {
        final int port;
        /** Open, then closing. */
        final int[] ports = new int[2];
        final Map<String, int[]> sites = new HashMap<>();

        Destination(int port) {
            this.port = port;
        }
    }
}
