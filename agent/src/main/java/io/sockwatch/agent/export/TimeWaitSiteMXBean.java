package io.sockwatch.agent.export;

/**
 * One close site of connections this JVM closed first whose kernel rows linger:
 * {@code io.sockwatch:type=TimeWaitSite,site=<id>} (see {@link SiteBeans}).
 */
public interface TimeWaitSiteMXBean {
    /** The close site as the report names it (first application frame of the {@code close()} call). */
    String getSite();

    /** The class and method of that frame, without file and line. */
    String getMethod();

    /** TIME_WAIT rows; a row lasts 60 s on Linux, so this is also the closes per minute. */
    int getTimeWaitRows();

    /** Orphaned FIN_WAIT2 rows: closed here, not yet by the peer. */
    int getFinWait2Rows();

    /** FIN_WAIT1 and CLOSING rows: the FIN not acknowledged yet. */
    int getClosingRows();
}
