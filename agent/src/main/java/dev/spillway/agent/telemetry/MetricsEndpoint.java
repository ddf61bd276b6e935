package dev.spillway.agent.telemetry;

import dev.spillway.agent.instrument.TransformStatistics;
import dev.spillway.agent.runtime.AllocationRecorder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Prometheus scrape endpoint: {@code GET /metrics} returns the registry in the Prometheus text format. One
 * daemon thread serves it, a request at a time, so it never keeps the application alive.
 *
 * <p>A plain HTTP/1.1 responder over a server socket of {@code java.base}: the agent's classes are defined by the
 * bootstrap loader (the agent jar is on the boot class path, for start-up's sake), which cannot see the JDK's HTTP
 * server in {@code jdk.httpserver}, a module of the platform loader. Each response closes its connection.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE = 8192;

    private final ServerSocket socket;
    private final PrometheusMeterRegistry registry;

    private MetricsEndpoint(ServerSocket socket, PrometheusMeterRegistry registry) {
        this.socket = socket;
        this.registry = registry;
    }

    /**
     * Serves the agent's meters, per site and agent-wide, from a Prometheus registry of their own.
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsEndpoint serve(InetSocketAddress address, AllocationRecorder recorder,
            TransformStatistics transforms) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SiteMeters(recorder).bindTo(registry);
        new AgentMeters(recorder, transforms).bindTo(registry);
        return start(address, registry);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(address, 8);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(socket, registry);
        Thread server = new Thread(endpoint::acceptUntilClosed, "spillway-metrics");
        server.setDaemon(true);
        server.start();
        return endpoint;
    }

    private void acceptUntilClosed() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(READ_TIMEOUT_MILLIS);
                respond(client.getInputStream(), client.getOutputStream());
            } catch (IOException | RuntimeException e) {
                // A client that hangs up or sends garbage loses its answer; the endpoint goes on serving.
            }
        }
    }

    private void respond(InputStream in, OutputStream out) throws IOException {
        InputStream buffered = new BufferedInputStream(in);
        String requestLine = readLine(buffered);
        if (requestLine == null) {
            return;
        }
        for (String header = readLine(buffered); header != null && !header.isEmpty(); header = readLine(buffered)) {
            // Headers change nothing: every answer is the whole registry, and the connection closes after it.
        }
        String[] parts = requestLine.split(" ", 3);
        String method = parts[0];
        String path = parts.length > 1 ? parts[1] : "";
        if (!path.equals("/metrics") && !path.startsWith("/metrics?") && !path.startsWith("/metrics/")) {
            answer(out, "404 Not Found", null, false);
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            answer(out, "405 Method Not Allowed", null, false);
        } else {
            answer(out, "200 OK", registry.scrape().getBytes(StandardCharsets.UTF_8), method.equals("GET"));
        }
    }

    private static void answer(OutputStream out, String status, byte[] body, boolean withBody) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        if (body != null) {
            head.append("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n");
        }
        head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (withBody && body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** A line without its CR LF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("request line or header longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** The address the server is bound to (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a server socket fails only when it is already unusable.
        }
    }
}
