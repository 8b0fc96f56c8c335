package dev.tempered.app.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A TCP connect to a service's port before the clients for it are built. The clients wait long
 * when nothing listens (the lineage pool 15 s, gRPC until its deadline), so {@code tempered runs}
 * against a stopped PostgreSQL or Temporal took that long and ended in a stack trace; the probe
 * answers in milliseconds on loopback and at most {@link #TIMEOUT} elsewhere, with one line naming
 * the service, its address and the setting. It proves only that something accepts connections.
 */
final class ServiceProbe {
    /** Long enough for a service across a network or in a cloud region, short enough for a person waiting. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ServiceProbe() {}

    /**
     * Fails with one line when nothing accepts a connection at {@code hostPort}.
     *
     * @param service what it is ({@code PostgreSQL (lineage)})
     * @param setting where its address comes from, for the hint ({@code postgres.url})
     */
    static void requireReachable(String service, HostPort hostPort, String setting) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.host(), hostPort.port()), (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException("cannot reach " + service + " at " + hostPort + " (" + why
                    + "): is it running? The address comes from " + setting);
        }
    }

    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * The server of a {@code jdbc:postgresql:} URL; empty for URLs naming several hosts (the driver
     * tries them in turn, so one being down proves nothing).
     */
    static Optional<HostPort> ofJdbcUrl(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) return Optional.of(new HostPort("localhost", 5432));
        String authority = rest.substring(2).split("[/?]", 2)[0];
        if (authority.contains(",")) return Optional.empty();
        return parse(authority.isEmpty() ? "localhost" : authority, 5432);
    }

    /** A gRPC target ({@code host:port}, or a {@code dns:///host:port} URI). */
    static Optional<HostPort> ofGrpcTarget(String target) {
        if (target.contains("://")) {
            URI uri = URI.create(target);
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (!"dns".equals(uri.getScheme()) || path.isEmpty()) return Optional.empty();
            return parse(path, 7233);
        }
        return parse(target, 7233);
    }

    /** Empty for an address it cannot read: the client then reports it in its own words. */
    private static Optional<HostPort> parse(String authority, int defaultPort) {
        String host = authority;
        int port = defaultPort;
        try {
            if (authority.startsWith("[")) {
                int end = authority.indexOf(']');
                if (end < 0) return Optional.empty();
                host = authority.substring(1, end);
                if (authority.length() > end + 2) port = Integer.parseInt(authority.substring(end + 2));
            } else if (authority.contains(":") && authority.indexOf(':') == authority.lastIndexOf(':')) {
                host = authority.substring(0, authority.indexOf(':'));
                port = Integer.parseInt(authority.substring(authority.indexOf(':') + 1));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(new HostPort(host, port));
    }
}
