package dev.spillway.samples.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * An upload relay in front of an {@link UpstreamServer}, as API gateways and upload proxies are.
 *
 * <ul>
 *   <li>{@code PUT /upload/KEY} with a Content-Length: reads the body, computes its CRC32C, forwards
 *       it to the upstream's {@code /objects/KEY}, and answers 200 with the CRC32C in the
 *       {@value Digests#HEADER} header only if the upstream confirms it received the same bytes
 *       (502 otherwise).</li>
 *   <li>{@code GET /download/N?size=S}: serves object {@code N} from the upstream through a bounded
 *       {@link ResponseCache}.</li>
 * </ul>
 *
 * <p>Every request's body passes through a fresh array: one sized from the Content-Length, rounded up to
 * a power of two ({@link BodyMode#BUFFERED}), or one chunk ({@link BodyMode#STREAMED}). Those arrays never leave the
 * method that allocates them, so the agent can prove them local. The array a download is read into
 * is returned and cached, so it cannot.
 */
public final class RelayServer implements AutoCloseable {

    /** Larger uploads are refused with 413 rather than buffered. */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI upstream;
    private final BodyMode mode;
    private final int chunkSize;
    private final ResponseCache cache;

    public RelayServer(URI upstream, BodyMode mode, int chunkSize, long cacheBytes, int threads) throws IOException {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.upstream = upstream;
        this.mode = mode;
        this.chunkSize = chunkSize;
        this.cache = new ResponseCache(cacheBytes);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("relay-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/upload/", this::upload);
        server.createContext("/download/", this::download);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestURI().getPath().substring("/upload/".length());
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (!"PUT".equals(exchange.getRequestMethod()) && !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (declared == null) {
                exchange.sendResponseHeaders(411, -1);
                return;
            }
            long length = Long.parseLong(declared);
            if (length < 0 || length > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            HttpURLConnection forward = open(upstream.resolve("/objects/" + key), "PUT");
            forward.setFixedLengthStreamingMode(length);
            long crc;
            try (InputStream in = exchange.getRequestBody(); OutputStream out = forward.getOutputStream()) {
                crc = switch (mode) {
                    case BUFFERED -> relayBuffered(in, out, (int) length);
                    case STREAMED -> relayStreamed(in, out, length, chunkSize);
                };
            }
            long confirmed = confirmation(forward);
            if (confirmed != crc) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            exchange.getResponseHeaders().set(Digests.HEADER, Digests.format(crc));
            exchange.sendResponseHeaders(200, -1);
        } catch (NumberFormatException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    /** The smallest body buffer; smaller bodies get one this size. */
    static final int MIN_BUFFER = 64 * 1024;

    /** The whole body in one array: the site the agent should redirect to its recycler. */
    static long relayBuffered(InputStream in, OutputStream out, int length) throws IOException {
        byte[] body = new byte[bufferSize(length)];
        int read = in.readNBytes(body, 0, length);
        if (read != length) {
            throw new EOFException("request body ended after " + read + " of " + length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(body, 0, length);
        out.write(body, 0, length);
        return crc.getValue();
    }

    /**
     * The buffer for a body of {@code length} bytes: the next power of two, at least {@value #MIN_BUFFER}, as
     * servers with size-classed buffers do. A site then allocates a handful of lengths rather than one per
     * request, which is also what lets a recycler of exact lengths serve it.
     */
    static int bufferSize(int length) {
        return length <= MIN_BUFFER ? MIN_BUFFER : Integer.highestOneBit(length - 1) << 1;
    }

    /** The body through one chunk-sized array; a chunk of half a G1 region or more is still humongous. */
    static long relayStreamed(InputStream in, OutputStream out, long length, int chunkSize) throws IOException {
        byte[] chunk = new byte[(int) Math.min(chunkSize, Math.max(length, 1))];
        CRC32C crc = new CRC32C();
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
            if (n < 0) {
                throw new EOFException("request body ended " + remaining + " bytes early");
            }
            crc.update(chunk, 0, n);
            out.write(chunk, 0, n);
            remaining -= n;
        }
        return crc.getValue();
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            long object = Long.parseLong(path.substring("/download/".length()));
            if (query == null || !query.startsWith("size=")) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            int size = Integer.parseInt(query.substring(5));
            if (size < 0 || size > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            byte[] body = cache.get(object);
            if (body == null || body.length != size) {
                body = fetch(object, size);
                cache.put(object, body);
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (NumberFormatException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    /** Reads an object whole; the array is returned and cached, so this site must stay a plain allocation. */
    byte[] fetch(long object, int size) throws IOException {
        HttpURLConnection connection = open(upstream.resolve("/objects/" + object + "?size=" + size), "GET");
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IOException("upstream answered " + status + " for object " + object);
        }
        byte[] body = new byte[size];
        try (InputStream in = connection.getInputStream()) {
            int read = in.readNBytes(body, 0, size);
            if (read != size || in.read() != -1) {
                throw new IOException("upstream sent an object of the wrong length, wanted " + size);
            }
        }
        return body;
    }

    static HttpURLConnection open(URI uri, String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setDoOutput(!"GET".equals(method));
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        return connection;
    }

    /** Reads the upstream's answer to a PUT and returns the CRC32C it computed. */
    private static long confirmation(HttpURLConnection forward) throws IOException {
        int status = forward.getResponseCode();
        long crc = status == 201 ? Digests.parse(forward.getHeaderField(Digests.HEADER), "upstream") : -1;
        try (InputStream in = status < 400 ? forward.getInputStream() : forward.getErrorStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        if (status != 201) {
            throw new IOException("upstream answered " + status);
        }
        return crc;
    }

    long cachedBytes() {
        return cache.sizeBytes();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
