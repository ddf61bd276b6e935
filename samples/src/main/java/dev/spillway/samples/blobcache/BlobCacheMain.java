package dev.spillway.samples.blobcache;

import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Options;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the blob cache alone and prints its results, ending with one {@code RESULT {json}} line that
 * adds the store's heap bytes (after a full collection), off-heap bytes, GC count and load time.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp ... dev.spillway.samples.blobcache.BlobCacheMain
 *     [--store heap|off-heap] [--entries 1000000] [--large-every 50000]
 *     [--operations 2000000] [--concurrency 4] [--seed 42]</pre>
 */
public final class BlobCacheMain {

    private BlobCacheMain() {
    }

    public static void main(String[] args) {
        Options.runMain(args, BlobCacheMain::run);
    }

    private static void run(String[] args) throws Exception {
        Set<String> valued = new HashSet<>(Set.of("operations", "concurrency", "seed", "store", "entries", "large-every"));
        Options options = Options.parse(args, valued, Set.of());
        int entries = options.intValue("entries", 1_000_000);
        LoadSpec spec = new LoadSpec(options.longValue("operations", 2L * entries), options.intValue("concurrency", 4),
                options.longValue("seed", 42), 0, BlobCacheWorkload.LARGE_MAX);
        StoreKind kind = options.choice("store", StoreKind.class, StoreKind.HEAP);
        BlobCacheWorkload workload = new BlobCacheWorkload(spec, entries, options.intValue("large-every", 50_000), kind);
        BlobCacheWorkload.Measurement measured = workload.run();
        System.out.printf(Locale.ROOT, "blobcache (%s): %d entries loaded in %d ms; heap %.1f MiB after a full GC, "
                        + "off-heap %.1f MiB; %d GCs taking %d ms%n",
                kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), entries, measured.loadNanos() / 1_000_000,
                measured.heapBytesAfterGc() / 1048576.0, measured.offHeapBytes() / 1048576.0, measured.gcCount(),
                measured.gcMillis());
        measured.lookups().print(System.out, measured.extra(kind, entries));
    }
}
