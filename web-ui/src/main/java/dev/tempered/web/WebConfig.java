package dev.tempered.web;

import java.util.List;

/**
 * Where the dashboard listens.
 *
 * @param host interface to bind, as a name or literal address; default {@code 127.0.0.1} so the
 *             read-only v1 dashboard, which has no login, is reachable only from this machine.
 *             Bind {@code 0.0.0.0} only behind a proxy that authenticates.
 * @param port TCP port, 0 to 65535; default 8080. 0 lets the operating system pick a free port,
 *             which {@link DashboardServer#port()} then reports (tests use this).
 * @param allowedHosts host names (no port) the dashboard answers to besides the loopback names and
 *             {@code host}; the name a proxy in front forwards. Others get 421 ({@link HostHeaderCheck}).
 * @param temporal where run pages link to their workflows in the Temporal Web UI ({@link TemporalLinks#NONE}: no links)
 * @param requireLoginForReads whether every page and GET API needs a signed-in session too; default
 *             false, so the read-only pages stay open to whoever reaches the (loopback) address.
 *             State-changing requests need a signed-in admin and the CSRF token either way ({@link DashboardAuth}).
 */
public record WebConfig(
        String host, int port, List<String> allowedHosts, TemporalLinks temporal, boolean requireLoginForReads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public WebConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(
                    "web host must be a host name or address, e.g. " + DEFAULT_HOST + "; got '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web port " + port + " is outside 0..65535 (0 picks a free port)");
        }
        allowedHosts = List.copyOf(allowedHosts);
        if (temporal == null) temporal = TemporalLinks.NONE;
        for (String h : allowedHosts) {
            if (h.isBlank() || h.contains("/") || h.contains(" ") || (h.contains(":") && !h.startsWith("["))) {
                throw new IllegalArgumentException("web allowed host '" + h
                        + "' must be a host name or address without a port, e.g. tempered.example.org");
            }
        }
    }

    /** Reads open without signing in. */
    public WebConfig(String host, int port, List<String> allowedHosts, TemporalLinks temporal) {
        this(host, port, allowedHosts, temporal, false);
    }

    /** The same, with every read needing a signed-in session when {@code required}. */
    public WebConfig withLoginForReads(boolean required) {
        return new WebConfig(host, port, allowedHosts, temporal, required);
    }

    /** No Temporal Web UI links. */
    public WebConfig(String host, int port, List<String> allowedHosts) {
        this(host, port, allowedHosts, TemporalLinks.NONE);
    }

    /** Answers to the loopback names and {@code host} only. */
    public WebConfig(String host, int port) {
        this(host, port, List.of());
    }

    /** 127.0.0.1:8080. */
    public static WebConfig defaults() {
        return new WebConfig(DEFAULT_HOST, DEFAULT_PORT);
    }

    /** 127.0.0.1 on a port the operating system picks. */
    public static WebConfig anyFreePort() {
        return new WebConfig(DEFAULT_HOST, 0);
    }
}
