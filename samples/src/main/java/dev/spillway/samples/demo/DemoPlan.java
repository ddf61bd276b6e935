package dev.spillway.samples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the demo runs: each churning workload on G1 without and with the agent, then on ZGC
 * without it, and finally the blob cache's two variants.
 *
 * <p>Runs of one workload share their arguments, including the seed, so they must produce the
 * same output checksum; only the JVM around them differs.
 */
public record DemoPlan(List<RunSpec> runs) {

    /** The agent's options besides {@code out}: the samples the agent may touch, and the redirect. */
    public static final String AGENT_OPTIONS =
            "designate=dev.spillway.samples.relay.**;dev.spillway.samples.ingest.**,mode=redirect,threshold=64k";

    static final String HEAP = "512m";

    public DemoPlan {
        runs = List.copyOf(runs);
    }

    /**
     * The standard plan. {@code quick} sizes it to finish within about 90 seconds on two cores,
     * otherwise within about five minutes.
     *
     * @param withBlobCache whether the blob-cache runs are included (they need the allocator)
     */
    public static DemoPlan standard(boolean quick, boolean withBlobCache) {
        List<String> relay = List.of("--operations", quick ? "300" : "2000", "--concurrency", "4", "--seed", "42",
                "--min-size", "256k", "--max-size", "8m");
        List<String> ingest = List.of("--operations", quick ? "1200" : "6000", "--concurrency", "4", "--seed", "42",
                "--min-size", "64k", "--max-size", "4m");
        List<RunSpec> runs = new ArrayList<>();
        runs.add(new RunSpec("relay-g1-baseline", Workload.RELAY, Collector.G1, HEAP, false, relay));
        runs.add(new RunSpec("relay-g1-agent", Workload.RELAY, Collector.G1, HEAP, true, relay));
        runs.add(new RunSpec("ingest-g1-baseline", Workload.INGEST, Collector.G1, HEAP, false, ingest));
        runs.add(new RunSpec("ingest-g1-agent", Workload.INGEST, Collector.G1, HEAP, true, ingest));
        runs.add(new RunSpec("relay-zgc-baseline", Workload.RELAY, Collector.ZGC, HEAP, false, relay));
        runs.add(new RunSpec("ingest-zgc-baseline", Workload.INGEST, Collector.ZGC, HEAP, false, ingest));
        if (withBlobCache) {
            List<String> blobs = List.of("--entries", quick ? "200000" : "1000000", "--seed", "42");
            runs.add(new RunSpec("blobcache-heap", Workload.BLOBCACHE, Collector.G1, "1g", false,
                    concat(blobs, "--store", "heap")));
            runs.add(new RunSpec("blobcache-offheap", Workload.BLOBCACHE, Collector.G1, "1g", false,
                    concat(blobs, "--store", "off-heap")));
        }
        return new DemoPlan(runs);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
