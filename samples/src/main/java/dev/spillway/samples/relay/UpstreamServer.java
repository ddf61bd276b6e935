package dev.spillway.samples.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spillway.samples.load.Payloads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * The service behind the relay, a stand-in for an object store on loopback.
 *
 * <ul>
 *   <li>{@code PUT /objects/KEY} consumes the body and answers with its CRC32C in the
 *       {@value Digests#HEADER} header, so the sender can tell the bytes arrived intact.</li>
 *   <li>{@code GET /objects/N?size=S} streams object {@code N}: {@code S} bytes that are a pure
 *       function of the seed and {@code N}.</li>
 * </ul>
 *
 * It streams through small chunks, as a store writing to disk would: the large buffers of this
 * sample belong to the relay, which is the application under study.
 */
public final class UpstreamServer implements AutoCloseable {

    /** Object contents are drawn from this stream of {@link Payloads} indices, apart from uploads'. */
    static final long OBJECT_STREAM = 1L << 40;

    private static final int CHUNK = 16 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Payloads payloads;

    public UpstreamServer(Payloads payloads, int threads) throws IOException {
        this.payloads = payloads;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("upstream-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/objects/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "PUT", "POST" -> store(exchange);
                case "GET" -> serve(exchange);
                default -> exchange.sendResponseHeaders(405, -1);
            }
        } catch (RuntimeException e) {
            if (exchange.getResponseCode() == -1) {
                exchange.sendResponseHeaders(500, -1);
            }
            throw e;
        }
    }

    private void store(HttpExchange exchange) throws IOException {
        long crc = drain(exchange.getRequestBody());
        exchange.getResponseHeaders().set(Digests.HEADER, Digests.format(crc));
        exchange.sendResponseHeaders(201, -1);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        long object;
        long size;
        try {
            object = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
            size = query != null && query.startsWith("size=") ? Long.parseLong(query.substring(5)) : -1;
        } catch (NumberFormatException e) {
            size = -1;
            object = -1;
        }
        if (object < 0 || size < 0) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = exchange.getResponseBody()) {
            generate(OBJECT_STREAM + object, size, out);
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] chunk = new byte[CHUNK];
        CRC32C crc = new CRC32C();
        int n;
        while ((n = in.read(chunk, 0, chunk.length)) > 0) {
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }

    private void generate(long index, long size, OutputStream out) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (long position = 0; position < size; position += CHUNK) {
            int n = (int) Math.min(CHUNK, size - position);
            payloads.fill(index, position, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
