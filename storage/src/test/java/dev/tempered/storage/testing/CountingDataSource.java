package dev.tempered.storage.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that counts what code does through it: statements executed (each {@code execute*}
 * call is one round trip to the server, a batch included), connections borrowed, and the most
 * connections one thread ever held at the same time. The last is what exhausts a pool: a caller
 * that borrows a second connection while holding one can deadlock N callers on a pool of N.
 *
 * <p>Counts only what goes through the wrapped objects; pgjdbc's own internal queries (type
 * lookups) and the pool's validation are not statements of the code under test.
 */
public final class CountingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicInteger maxHeldByOneThread = new AtomicInteger();
    private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);

    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Statements executed since the last reset. */
    public long statements() {
        return statements.get();
    }

    public long connectionsBorrowed() {
        return connections.get();
    }

    /** The most connections a single thread held at once since the last reset. */
    public int maxHeldByOneThread() {
        return maxHeldByOneThread.get();
    }

    public void reset() {
        statements.set(0);
        connections.set(0);
        maxHeldByOneThread.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(target.getConnection(username, password));
    }

    private Connection counted(Connection c) {
        connections.incrementAndGet();
        int[] mine = held.get();
        mine[0]++;
        maxHeldByOneThread.accumulateAndGet(mine[0], Math::max);
        boolean[] closed = {false};
        return proxy(Connection.class, c, (method, args) -> {
            String name = method.getName();
            if (name.equals("close") && !closed[0]) {
                closed[0] = true;
                mine[0]--;
            }
            Object result = method.invoke(c, args);
            if (result instanceof CallableStatement s) return proxy(CallableStatement.class, s, statementHandler(s));
            if (result instanceof PreparedStatement s) return proxy(PreparedStatement.class, s, statementHandler(s));
            if (result instanceof Statement s) return proxy(Statement.class, s, statementHandler(s));
            return result;
        });
    }

    private Handler statementHandler(Statement s) {
        return (method, args) -> {
            if (method.getName().startsWith("execute")) statements.incrementAndGet();
            return method.invoke(s, args);
        };
    }

    @FunctionalInterface
    private interface Handler {
        Object call(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        InvocationHandler h = (p, method, args) -> {
            try {
                return handler.call(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger(CountingDataSource.class.getName());
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
