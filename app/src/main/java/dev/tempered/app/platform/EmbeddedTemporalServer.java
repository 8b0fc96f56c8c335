package dev.tempered.app.platform;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server as a real gRPC service bound to 127.0.0.1 only (its own
 * port-bound starter listens on every interface). Workflow state lives in memory: the lineage
 * store is the system of record across restarts. No Schedules or visibility queries.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
    private final TestServicesStarter services;
    private final Server server;

    private EmbeddedTemporalServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Port 0 picks a free port. */
    public static EmbeddedTemporalServer start(int port) {
        // lockTimeSkipping true: the clock is the wall clock. Unlocked, the test server jumps to the
        // next timer whenever no activity runs, so a schedule's sleeps took no time and it fired
        // hundreds of runs a minute, named hours ahead. 0: the clock starts at the current time.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        try {
            return new EmbeddedTemporalServer(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("could not start the embedded Temporal server on 127.0.0.1:" + port, e);
        }
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) server.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        services.close();
    }
}
