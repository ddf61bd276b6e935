package dev.spillway.samples.relay;

import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Options;

import java.util.HashSet;
import java.util.Set;

/**
 * Runs the relay workload alone and prints its results, ending with one {@code RESULT {json}} line.
 *
 * <pre>java -cp spillway-samples.jar dev.spillway.samples.relay.RelayMain
 *     [--operations 400] [--concurrency 4] [--seed 42] [--min-size 256k] [--max-size 8m]
 *     [--mode buffered|streamed] [--chunk-size 1m] [--cache-size 32m]</pre>
 */
public final class RelayMain {

    static final LoadSpec DEFAULTS = new LoadSpec(400, 4, 42, 256 * 1024, 8 * 1024 * 1024);

    private RelayMain() {
    }

    public static void main(String[] args) {
        Options.runMain(args, RelayMain::run);
    }

    private static void run(String[] args) throws Exception {
        Set<String> valued = new HashSet<>(Options.LOAD);
        valued.addAll(Set.of("mode", "chunk-size", "cache-size"));
        Options options = Options.parse(args, valued, Set.of());
        LoadSpec spec = options.loadSpec(DEFAULTS);
        BodyMode mode = options.choice("mode", BodyMode.class, BodyMode.BUFFERED);
        int chunkSize = options.size("chunk-size", 1024 * 1024);
        int cacheSize = options.size("cache-size", 32 * 1024 * 1024);
        if (spec.maxSize() > RelayServer.MAX_BODY) {
            throw new IllegalArgumentException("--max-size may be at most " + RelayServer.MAX_BODY + " bytes");
        }
        try (RelayWorkload workload = new RelayWorkload(spec, mode, chunkSize, cacheSize)) {
            workload.run().print(System.out);
        }
    }
}
