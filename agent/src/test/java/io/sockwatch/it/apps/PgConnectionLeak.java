package io.sockwatch.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A JDBC connection to PostgreSQL that the application never closes, and that the server then ends, as an
 * administrator's {@code pg_terminate_backend} or {@code idle_session_timeout} would: the driver reads nothing until
 * its next query, so the socket sits in CLOSE_WAIT. Argument: the server's port.
 */
public final class PgConnectionLeak {
    /** Where the forgotten connection lives on, as in a leaked request context. */
    private static Connection forgotten;

    public static void main(String[] args) throws SQLException {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres";
        forgotten = DriverManager.getConnection(url, "postgres", "postgres"); // open:getConnection
        int backend = backendPid(forgotten);
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = admin.createStatement()) {
            st.execute("select pg_terminate_backend(" + backend + ")");
        }
        Scenarios.snapshotWhenLeaking("leaked", 1);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("select pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }
}
