package dev.spillway.samples.ingest;

import dev.spillway.samples.load.LoadDriver;
import dev.spillway.samples.load.LoadResult;
import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Operation;
import dev.spillway.samples.load.Payloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Producers, the {@link IngestGateway} and a {@link StorageNode} on loopback in one JVM. Each load
 * thread gets its own producer connection; an operation is one message of 64 KiB – 4 MiB whose
 * digest is the CRC32C that storage acknowledged.
 */
public final class IngestWorkload implements AutoCloseable {

    private final LoadSpec spec;
    private final Payloads payloads;
    private final StorageNode storage;
    private final IngestGateway gateway;
    private final Queue<Producer> producers = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Producer> producer;

    public IngestWorkload(LoadSpec spec) throws IOException {
        if (spec.maxSize() > Frame.MAX_LENGTH) {
            throw new IllegalArgumentException("--max-size may be at most " + Frame.MAX_LENGTH + " bytes");
        }
        this.spec = spec;
        this.payloads = spec.payloads();
        this.storage = new StorageNode();
        try {
            this.gateway = new IngestGateway(storage.address());
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        this.producer = ThreadLocal.withInitial(this::connect);
    }

    public LoadResult run() throws Exception {
        return new LoadDriver("ingest", spec).run(this::perform);
    }

    Operation.Outcome perform(long index) throws IOException {
        int size = payloads.size(index, spec.minSize(), spec.maxSize());
        int crc = producer.get().send(index, size);
        return new Operation.Outcome(size, Integer.toUnsignedLong(crc));
    }

    long storedBytes() {
        return storage.storedBytes();
    }

    private Producer connect() {
        try {
            Producer connection = new Producer(gateway.address(), payloads);
            producers.add(connection);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to the ingest gateway", e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Producer connection : producers) {
            connection.close();
        }
        gateway.close();
        storage.close();
    }
}
