package dev.spillway.samples.ingest;

import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Options;

import java.util.Set;

/**
 * Runs the ingest workload alone and prints its results, ending with one {@code RESULT {json}} line.
 *
 * <pre>java -cp spillway-samples.jar dev.spillway.samples.ingest.IngestMain
 *     [--operations 600] [--concurrency 4] [--seed 42] [--min-size 64k] [--max-size 4m]</pre>
 */
public final class IngestMain {

    static final LoadSpec DEFAULTS = new LoadSpec(600, 4, 42, 64 * 1024, 4 * 1024 * 1024);

    private IngestMain() {
    }

    public static void main(String[] args) {
        Options.runMain(args, IngestMain::run);
    }

    private static void run(String[] args) throws Exception {
        LoadSpec spec = Options.parse(args, Options.LOAD, Set.of()).loadSpec(DEFAULTS);
        try (IngestWorkload workload = new IngestWorkload(spec)) {
            workload.run().print(System.out);
        }
    }
}
