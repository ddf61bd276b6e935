package dev.spillway.samples.relay;

import dev.spillway.samples.load.LoadDriver;
import dev.spillway.samples.load.LoadResult;
import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Operation;
import dev.spillway.samples.load.Payloads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.zip.CRC32C;

/**
 * Clients, relay and upstream on loopback in one JVM, and the operations the clients perform:
 * mostly uploads of 256 KiB – 8 MiB through the relay, and every {@value #DOWNLOAD_EVERY}th
 * operation a download of one of {@value #OBJECTS} objects through the relay's cache.
 *
 * <p>An operation's digest is the CRC32C of the bytes it moved, confirmed by the far side, so the
 * run's checksum proves that every byte went through intact whatever the relay did with its
 * buffers.
 */
public final class RelayWorkload implements AutoCloseable {

    static final int DOWNLOAD_EVERY = 8;
    static final int OBJECTS = 16;

    /** Below the agent's default threshold: the client's own buffers are not what is studied. */
    private static final int CLIENT_CHUNK = 32 * 1024;

    private final LoadSpec spec;
    private final Payloads payloads;
    private final UpstreamServer upstream;
    private final RelayServer relay;
    private final URI relayUri;

    public RelayWorkload(LoadSpec spec, BodyMode mode, int chunkSize, long cacheBytes) throws IOException {
        this.spec = spec;
        this.payloads = spec.payloads();
        this.upstream = new UpstreamServer(payloads, spec.concurrency() + 1);
        try {
            this.relay = new RelayServer(URI.create("http://127.0.0.1:" + upstream.port()), mode, chunkSize, cacheBytes,
                    spec.concurrency() + 1);
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
        this.relayUri = URI.create("http://127.0.0.1:" + relay.port());
    }

    public LoadResult run() throws Exception {
        return new LoadDriver("relay", spec).run(this::perform);
    }

    Operation.Outcome perform(long index) throws IOException {
        if (index % DOWNLOAD_EVERY == DOWNLOAD_EVERY - 1) {
            long object = Math.floorMod(payloads.size(index, 0, Integer.MAX_VALUE - 1), OBJECTS);
            return download(object, objectSize(object));
        }
        return upload(index, payloads.size(index, spec.minSize(), spec.maxSize()));
    }

    int objectSize(long object) {
        return payloads.size(UpstreamServer.OBJECT_STREAM + object, spec.minSize(), spec.maxSize());
    }

    Operation.Outcome upload(long index, int size) throws IOException {
        HttpURLConnection connection = RelayServer.open(relayUri.resolve("/upload/" + index), "PUT");
        connection.setFixedLengthStreamingMode(size);
        byte[] chunk = new byte[CLIENT_CHUNK];
        CRC32C crc = new CRC32C();
        try (OutputStream out = connection.getOutputStream()) {
            for (int position = 0; position < size; position += chunk.length) {
                int n = Math.min(chunk.length, size - position);
                payloads.fill(index, position, chunk, 0, n);
                crc.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
        int status = connection.getResponseCode();
        discard(connection, status);
        if (status != 200) {
            throw new IOException("relay answered " + status + " to upload " + index + " of " + size + " bytes");
        }
        long confirmed = Digests.parse(connection.getHeaderField(Digests.HEADER), "relay");
        if (confirmed != crc.getValue()) {
            throw new IOException("upload " + index + " arrived altered: sent CRC32C " + Digests.format(crc.getValue())
                    + ", upstream saw " + Digests.format(confirmed));
        }
        return new Operation.Outcome(size, crc.getValue());
    }

    Operation.Outcome download(long object, int size) throws IOException {
        HttpURLConnection connection = RelayServer.open(relayUri.resolve("/download/" + object + "?size=" + size), "GET");
        int status = connection.getResponseCode();
        if (status != 200) {
            discard(connection, status);
            throw new IOException("relay answered " + status + " to download of object " + object);
        }
        byte[] chunk = new byte[CLIENT_CHUNK];
        CRC32C crc = new CRC32C();
        long received = 0;
        try (InputStream in = connection.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                crc.update(chunk, 0, n);
                received += n;
            }
        }
        if (received != size) {
            throw new IOException("download of object " + object + " returned " + received + " of " + size + " bytes");
        }
        return new Operation.Outcome(size, crc.getValue());
    }

    private static void discard(HttpURLConnection connection, int status) throws IOException {
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    int relayPort() {
        return relay.port();
    }

    long cachedBytes() {
        return relay.cachedBytes();
    }

    @Override
    public void close() {
        relay.close();
        upstream.close();
    }
}
