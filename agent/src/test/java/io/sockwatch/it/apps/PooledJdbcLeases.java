package io.sockwatch.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * DBCP2 (commons-pool2) against PostgreSQL. One pool lends again, at another line, the connection an earlier
 * correct borrow returned, and it is never given back: ESTABLISHED, as the server keeps it; the pool allows one, so
 * another thread waits for a lease. Another pool's connection, returned correctly, is then ended by the server
 * ({@code pg_terminate_backend}): idle in its pool in CLOSE_WAIT, not a leak. Argument: the server's port.
 */
public final class PooledJdbcLeases {
    /** The connection the application forgot, kept reachable as a leaked request context would. */
    private static Connection forgotten;

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres";
        BasicDataSource leaking = dataSource(url);
        try (Connection ok = leaking.getConnection()) { // open:dbcp2
            backendPid(ok);
        }
        forgotten = leaking.getConnection(); // lease:dbcp2
        backendPid(forgotten);
        Thread waiter = new Thread(() -> {
            try {
                leaking.getConnection().close(); // wait:dbcp2
            } catch (SQLException e) {
                e.printStackTrace();
            }
        }, "dbcp2-waiter");
        waiter.setDaemon(true);
        waiter.start();

        BasicDataSource idle = dataSource(url);
        int backend;
        try (Connection returned = idle.getConnection()) { // idle:dbcp2
            backend = backendPid(returned);
        }
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = admin.createStatement()) {
            st.execute("select pg_terminate_backend(" + backend + ")");
        }
        TimeUnit.MILLISECONDS.sleep(200);
        Scenarios.snapshotWhenLeaking("leased", 1);
        System.exit(0); // the waiting thread
    }

    private static BasicDataSource dataSource(String url) {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(url);
        ds.setUsername("postgres");
        ds.setPassword("postgres");
        ds.setMaxTotal(1);
        ds.setJmxName(null);
        return ds;
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("select pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }
}
