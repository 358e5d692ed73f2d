package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * A commons-pool2 pool of connections whose {@code getSocket()} throws while the connection is idle, as some
 * clients' getters do once a connection is handed back. Sockwatch calls that getter on every return (to mark the
 * socket idle) and from its scanner: each call fails inside sockwatch. Three borrows and returns, a snapshot of the
 * report with the connection open, then all closed. The pool reuses its one connection.
 */
public final class ThrowingPoolGetter {

    /** A pooled connection over a real loopback socket. */
    public static final class Connection {
        private final Socket socket;
        private volatile boolean idle;

        Connection(Socket socket) {
            this.socket = socket;
        }

        public Socket getSocket() {
            if (idle) {
                throw new IllegalStateException("connection is idle: borrow it first");
            }
            return socket;
        }
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            List<Socket> accepted = new ArrayList<>();
            GenericObjectPool<Connection> pool = new GenericObjectPool<>(new BasePooledObjectFactory<Connection>() {
                @Override
                public Connection create() throws Exception {
                    Socket client = new Socket(LOOPBACK, server.getLocalPort());
                    accepted.add(server.accept());
                    return new Connection(client);
                }

                @Override
                public PooledObject<Connection> wrap(Connection connection) {
                    return new DefaultPooledObject<>(connection);
                }

                @Override
                public void activateObject(PooledObject<Connection> p) {
                    p.getObject().idle = false;
                }

                @Override
                public void passivateObject(PooledObject<Connection> p) {
                    p.getObject().idle = true;
                }

                @Override
                public void destroyObject(PooledObject<Connection> p) throws Exception {
                    p.getObject().socket.close();
                }
            });
            pool.setMaxTotal(2);
            for (int i = 0; i < 3; i++) {
                Connection c = pool.borrowObject();
                c.idle = true; // the client marks it idle before the pool takes it back
                pool.returnObject(c);
            }
            Connection held = pool.borrowObject(); // leased while the report is taken: the scanner asks for its socket
            held.idle = true;
            Scenarios.sleep(500);
            Scenarios.snapshot("open");
            pool.returnObject(held);
            pool.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
        System.out.println("the application ran on");
    }
}
