package io.sockwatch.agent.export;

import io.sockwatch.agent.report.LeakGroup;
import io.sockwatch.agent.report.ReportSummary;
import io.sockwatch.agent.report.ReportSummary.CloseSite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The per-site MBeans: after each scan, one per site of the top {@code top} leak sites and close sites (so a runaway
 * leak cannot make unbounded series), registered as a site enters, unregistered as it leaves, updated in place in
 * between (an exporter sees the same ObjectName scan after scan). The key property is a hash of the site, not the
 * site: a quoted value ({@code ObjectName.quote}) keeps its quotes in exporters' labels, and the hash is the same
 * in every JVM that runs the same code. Guarded by its {@link JmxRegistration} (the scanner updates, a stop hides).
 */
final class SiteBeans {
    private static final String LEAK_SITE = "LeakSite";
    private static final String TIME_WAIT_SITE = "TimeWaitSite";
    /** 48 bits: collisions among the sites of one service are negligible. */
    private static final int ID_HEX_DIGITS = 12;

    private final Map<String, LeakSiteBean> leakSites = new HashMap<>();
    private final Map<String, TimeWaitSiteBean> timeWaitSites = new HashMap<>();

    /** Shows the top {@code top} sites of {@code summary}; a registration that fails throws (JMX is then off). */
    void show(MBeanServer server, ReportSummary summary, int top) throws JMException {
        Map<String, LeakSite> leaks = new LinkedHashMap<>();
        for (LeakGroup g : summary.leakSites.subList(0, Math.min(top, summary.leakSites.size()))) {
            LeakSite site = new LeakSite(g, summary.generatedAtMillis);
            leaks.putIfAbsent(id(LEAK_SITE + ' ' + site.leak + ' ' + site.site), site);
        }
        List<CloseSite> closes = new ArrayList<>(summary.timeWaitSites);
        closes.sort(Comparator.comparingInt(CloseSite::rows).reversed());
        Map<String, CloseSite> timeWait = new LinkedHashMap<>();
        for (CloseSite g : closes.subList(0, Math.min(top, closes.size()))) {
            timeWait.putIfAbsent(id(TIME_WAIT_SITE + ' ' + g.site), g);
        }
        sync(server, LEAK_SITE, leakSites, leaks, LeakSiteBean::new);
        sync(server, TIME_WAIT_SITE, timeWaitSites, timeWait, TimeWaitSiteBean::new);
    }

    void hideAll(MBeanServer server) {
        for (String id : leakSites.keySet()) {
            unregister(server, LEAK_SITE, id);
        }
        for (String id : timeWaitSites.keySet()) {
            unregister(server, TIME_WAIT_SITE, id);
        }
        leakSites.clear();
        timeWaitSites.clear();
    }

    /** Makes the registered beans {@code shown} those of {@code wanted}, each with its value of this scan. */
    private static <V, B extends Site<V>> void sync(MBeanServer server, String type, Map<String, B> shown,
                                                     Map<String, V> wanted, Function<V, B> beanOf)
            throws JMException {
        for (Iterator<Map.Entry<String, B>> it = shown.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, B> e = it.next();
            V now = wanted.get(e.getKey());
            if (now == null) {
                unregister(server, type, e.getKey());
                it.remove();
            } else {
                e.getValue().now = now;
            }
        }
        for (Map.Entry<String, V> e : wanted.entrySet()) {
            if (!shown.containsKey(e.getKey())) {
                B bean = beanOf.apply(e.getValue());
                server.registerMBean(bean, name(type, e.getKey()));
                shown.put(e.getKey(), bean);
            }
        }
    }

    private static void unregister(MBeanServer server, String type, String id) {
        try {
            server.unregisterMBean(name(type, id));
        } catch (JMException alreadyGone) {
            // unregistered by someone else: nothing to undo
        }
    }

    private static ObjectName name(String type, String id) throws JMException {
        return new ObjectName("io.sockwatch:type=" + type + ",site=" + id);
    }

    /**
     * The 64-bit FNV-1a hash of {@code key}'s UTF-8 bytes, its low {@link #ID_HEX_DIGITS} hex digits: a valid unquoted
     * ObjectName value. Not a JDK digest: {@code MessageDigest} would initialise the security providers in the host.
     */
    static String id(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        String hex = Long.toHexString(hash & ((1L << (4 * ID_HEX_DIGITS)) - 1));
        return "0".repeat(ID_HEX_DIGITS - hex.length()) + hex;
    }

    /** The class and method of a site line ({@code a.B.m(B.java:1)} gives {@code a.B.m}); a site without a frame as is. */
    static String method(String site) {
        int paren = site.indexOf('(');
        return paren > 0 ? site.substring(0, paren) : site;
    }

    /** A registered bean: its site's value of the last scan (immutable), replaced by the scanner thread. */
    private abstract static class Site<V> {
        volatile V now;

        Site(V now) {
            this.now = now;
        }
    }

    /** A leak site's numbers at one scan. Immutable. */
    private static final class LeakSite {
        final String site;
        final String leak;
        final int sockets;
        final long oldestAgeSeconds;

        LeakSite(LeakGroup g, long scannedAtMillis) {
            this.site = g.site;
            this.leak = g.stalled ? "stalled_reader" : "close_wait";
            this.sockets = g.sockets.size();
            this.oldestAgeSeconds = Math.max(0, scannedAtMillis - g.oldest().stateSinceMillis) / 1000;
        }
    }

    /** Public for the MXBean introspector (its interface is what JMX sees). */
    public static final class LeakSiteBean extends Site<LeakSite> implements LeakSiteMXBean {
        LeakSiteBean(LeakSite now) {
            super(now);
        }

        @Override
        public String getSite() {
            return now.site;
        }

        @Override
        public String getMethod() {
            return method(now.site);
        }

        @Override
        public String getLeak() {
            return now.leak;
        }

        @Override
        public int getLeakedSockets() {
            return now.sockets;
        }

        @Override
        public long getOldestAgeSeconds() {
            return now.oldestAgeSeconds;
        }
    }

    public static final class TimeWaitSiteBean extends Site<CloseSite> implements TimeWaitSiteMXBean {
        TimeWaitSiteBean(CloseSite now) {
            super(now);
        }

        @Override
        public String getSite() {
            return now.site;
        }

        @Override
        public String getMethod() {
            return method(now.site);
        }

        @Override
        public int getTimeWaitRows() {
            return now.timeWait;
        }

        @Override
        public int getFinWait2Rows() {
            return now.finWait2;
        }

        @Override
        public int getClosingRows() {
            return now.closing;
        }
    }
}
