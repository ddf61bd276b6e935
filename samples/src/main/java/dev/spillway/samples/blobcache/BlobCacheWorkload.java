package dev.spillway.samples.blobcache;

import dev.spillway.allocator.pool.Pool;
import dev.spillway.samples.load.LoadDriver;
import dev.spillway.samples.load.LoadResult;
import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Operation;
import dev.spillway.samples.load.Payloads;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@code entries} values into a {@link BlobStore}, then looks them up from many threads.
 *
 * <p>Entry {@code i} has the id {@link Payloads#key key(i)} and a value of 0–64 bytes, except every
 * {@code largeEvery}th, which holds 1–8 MiB. One lookup in ten asks for an id that was never
 * stored. A lookup's digest is the CRC32C of the value found, so both stores must give the same
 * output checksum.
 *
 * @param spec lookups: {@code operations} and {@code concurrency}; the seed also draws the entries
 * @param entries how many values are loaded
 * @param largeEvery one entry in this many is large
 * @param kind where the values are kept
 */
public record BlobCacheWorkload(LoadSpec spec, int entries, int largeEvery, StoreKind kind) {

    static final int SMALL_MAX = 64;
    static final int LARGE_MIN = 1 << 20;
    static final int LARGE_MAX = 8 << 20;

    public BlobCacheWorkload {
        if (entries < 1 || largeEvery < 1) {
            throw new IllegalArgumentException("entries and large-every must be at least 1");
        }
    }

    /** What a run measured: the lookups, and the memory the loaded store held. */
    public record Measurement(LoadResult lookups, long loadNanos, long heapBytesAfterGc, long offHeapBytes,
                              long gcCount, long gcMillis) {

        public Map<String, Object> extra(StoreKind kind, int entries) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("store", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            extra.put("entries", entries);
            extra.put("loadMs", loadNanos / 1_000_000);
            extra.put("heapBytes", heapBytesAfterGc);
            extra.put("offHeapBytes", offHeapBytes);
            extra.put("gcCount", gcCount);
            extra.put("gcMillis", gcMillis);
            return extra;
        }
    }

    public Measurement run() throws Exception {
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        try (Pool pool = Pool.builder().name("blobcache").build(); BlobStore store = open(pool)) {
            long start = System.nanoTime();
            load(store);
            long loadNanos = System.nanoTime() - start;
            LoadResult lookups = new LoadDriver("blobcache", spec).run(index -> lookup(store, index));
            long gcCount = gcCount() - gcCountBefore;
            long gcMillis = gcMillis() - gcMillisBefore;
            // A full collection first, so the heap number is what the store keeps alive, not garbage.
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Measurement(lookups, loadNanos, heap, store.offHeapBytes(), gcCount, gcMillis);
        }
    }

    BlobStore open(Pool pool) {
        return switch (kind) {
            case HEAP -> new HeapBlobStore(entries);
            case OFF_HEAP -> new OffHeapBlobStore(pool, entries);
        };
    }

    /** Loads every entry through one reused scratch array, as a loader reading from a file or socket would. */
    void load(BlobStore store) {
        Payloads payloads = spec.payloads();
        byte[] scratch = new byte[LARGE_MAX];
        for (int i = 0; i < entries; i++) {
            int length = isLarge(i) ? payloads.size(i, LARGE_MIN, LARGE_MAX) : payloads.size(i, 0, SMALL_MAX);
            payloads.fill(i, 0, scratch, 0, length);
            store.put(payloads.key(i), scratch, 0, length);
        }
    }

    Operation.Outcome lookup(BlobStore store, long index) {
        Payloads payloads = spec.payloads();
        long draw = payloads.key(-1 - index);
        long uid = Math.floorMod(draw, 10) == 0
                ? payloads.key(entries + Math.floorMod(draw >>> 8, 1_000_000))
                : payloads.key(Math.floorMod(draw >>> 8, entries));
        long crc = store.crc32c(uid);
        return new Operation.Outcome(crc < 0 ? 0 : 1, crc);
    }

    boolean isLarge(int entry) {
        return entry % largeEvery == largeEvery - 1;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(c -> c > 0).sum();
    }
}
