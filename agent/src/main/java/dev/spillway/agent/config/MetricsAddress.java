package dev.spillway.agent.config;

import java.net.InetSocketAddress;

/**
 * Where the Prometheus scrape endpoint listens.
 *
 * @param host a host name or IP literal (without brackets); loopback unless the user named another
 * @param port 0 to 65535; 0 lets the system choose
 */
public record MetricsAddress(String host, int port) {
    /** Host used when the option names only a port. */
    public static final String LOOPBACK = "127.0.0.1";

    public MetricsAddress {
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("host must be non-empty and port in 0..65535: " + host + ":" + port);
        }
    }

    /** An unresolved socket address, resolved when the endpoint binds. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
