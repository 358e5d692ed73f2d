package io.sockwatch.agent.export;

/**
 * One site with leaked sockets: {@code io.sockwatch:type=LeakSite,site=<id>}, the id a stable hash of the site (see
 * {@link SiteBeans}). The strings are for labels (OpenTelemetry's {@code beanattr}, a Prometheus info series).
 */
public interface LeakSiteMXBean {
    /** The site as the report names it: the first application frame, e.g. {@code com.acme.Client.fetch(Client.java:42)}. */
    String getSite();

    /** The class and method of that frame, without file and line: stays the same when lines move. */
    String getMethod();

    /** {@code close_wait}, or {@code stalled_reader} for sockets with unread data nobody reads. */
    String getLeak();

    /** Leaked sockets at this site. */
    int getLeakedSockets();

    /** Seconds the oldest of them has been in its state, at the last scan. */
    long getOldestAgeSeconds();
}
