package dev.spillway.reporter.analyze;

import java.util.List;
import java.util.Map;

/**
 * Everything the reporter derives from one recording: the model behind the HTML report and the JSON (whose
 * schema, {@code spillway-report/1}, is documented in docs/REPORT.md). Sizes are bytes, durations nanoseconds,
 * times epoch milliseconds, shares fractions from 0 to 1.
 */
public record Report(Recording recording, Gc gc, Heap heap, Allocation allocation, OffHeap offHeap, Sites sites,
                     Agent agent, Timelines timelines, List<Finding> findings) {

    public static final String FORMAT = "spillway-report/1";

    /** What the recording is. {@code regionSize} is 0 when the JVM did not run G1 or the size is unknown. */
    public record Recording(String file, long fileBytes, int chunks, String jfrVersion, long startMillis,
                            long durationNanos, String jvmVersion, String youngCollector, String oldCollector,
                            long regionSize, String regionSizeSource, long maxHeap) {
        public boolean isG1() {
            return youngCollector != null && youngCollector.startsWith("G1");
        }
    }

    /** A group of collections (by collector, cause or pause phase). */
    public record Group(String name, long count, long totalPauseNanos, long maxPauseNanos) {
    }

    /** One bar of the pause histogram: pauses {@code >= fromMillis} and {@code < toMillis}. */
    public record Bin(double fromMillis, double toMillis, long count) {
    }

    /**
     * Pauses are per collection ({@code sumOfPauses} of {@code jdk.GarbageCollection}); percentiles are within 1%.
     * {@code humongousCollections} are those whose cause is {@code G1 Humongous Allocation}.
     */
    public record Gc(long collections, long totalPauseNanos, long p50PauseNanos, long p99PauseNanos,
                     long maxPauseNanos, double pauseShareOfWallTime, long humongousCollections,
                     long humongousPauseNanos, List<Group> byCollector, List<Group> byCause, List<Group> byPhase,
                     Map<String, Long> g1Types, List<Bin> pauseHistogram, long allocationStalls,
                     long allocationStallNanos, long humongousRegionsStarted) {
        public double humongousPauseShare() {
            return totalPauseNanos == 0 ? 0 : (double) humongousPauseNanos / totalPauseNanos;
        }
    }

    public record Heap(long maxHeap, long peakBeforeGc, long peakAfterGc, long averageAfterGc, long peakCommitted) {
    }

    /**
     * {@code source} says where the allocated bytes come from: {@code samples} (sum of
     * {@code jdk.ObjectAllocationSample} weights), {@code heap} (heap used before a collection minus after the previous
     * one) or {@code none}. {@code byteArrayBytes} is the sampled weight of {@code byte[]}.
     */
    public record Allocation(String source, long allocatedBytes, double bytesPerSecond, long byteArrayBytes,
                             double byteArrayShare) {
    }

    public record AllocatorRow(String name, String backing, long reservedBytes, long usedBytes, long peakUsedBytes,
                               long limitBytes, long allocations, long frees) {
    }

    public record RecyclerRow(String name, long pooledBytes, long limitBytes, long borrows, long hits, long misses,
                              long returns, long discards) {
        public double hitRatio() {
            return borrows == 0 ? 0 : (double) hits / borrows;
        }
    }

    /** Spillway's allocator events; {@code present} is false when the recording has none. */
    public record OffHeap(boolean present, long peakUsedBytes, long peakReservedBytes, long chunksMapped,
                          long chunksUnmapped, long bytesMapped, List<AllocatorRow> allocators,
                          List<RecyclerRow> recyclers) {
    }

    /** The agent's verdict for a site, from its last {@code dev.spillway.SiteSummary}. */
    public record Verdict(String verdict, String reason, String detail, long allocations, long bytes,
                          long largeAllocations, long largeBytes, long humongousAllocations, long humongousBytes,
                          long redirectedAllocations, long redirectedBytes, long fallbackAllocations,
                          long belowThresholdAllocations) {
        public boolean redirected() {
            return verdict != null && verdict.startsWith("REDIRECTED");
        }
    }

    /**
     * One large byte-array allocation site. {@code allocations} and {@code maxSize} are -1 when the source cannot
     * tell (samples); {@code humongous} is null when it cannot be decided (no G1, or sizes unknown).
     */
    public record SiteRow(String id, String className, String methodName, String descriptor, int bci, int line,
                          String kind, long bytes, long allocations, long maxSize, Boolean humongous,
                          long humongousBytes, long attributedPauseNanos, double gcShare, double byteShare,
                          String topThread, Verdict verdict, long escapes, String escapeDetail) {
        public String shortName() {
            return methodName.isEmpty() ? className : className + "." + methodName + (line >= 0 ? ":" + line : "");
        }
    }

    /**
     * The large byte-array sites, from the best source in the recording: {@code agent}
     * ({@code dev.spillway.LargeAllocation}), {@code outside-tlab} ({@code jdk.ObjectAllocationOutsideTLAB} of
     * {@code byte[]} at or above {@code thresholdBytes}), {@code samples} ({@code jdk.ObjectAllocationSample} of
     * {@code byte[]}, sizes unknown) or {@code none}. {@code rows} holds the largest ones, {@code siteCount} all.
     */
    public record Sites(String source, long thresholdBytes, long regionSize, long totalBytes, long humongousBytes,
                        long attributedPauseNanos, long unattributedPauseNanos, int siteCount, List<SiteRow> rows) {
    }

    /** Redirected bytes over large byte-array bytes, summed over the agent's site summaries. */
    public record Coverage(long largeBytes, long redirectedBytes, double ratio, long fallbackAllocations,
                           long belowThresholdAllocations) {
    }

    /** The agent's configuration and the redirect's coverage; null in {@link Report} when no agent ran. */
    public record Agent(String version, String mode, long threshold, String designate, String exclude, long regionSize,
                        boolean verify, Coverage coverage, Map<String, Long> verdicts, long escapes) {
    }

    public record Point(long timeMillis, double value) {
    }

    public record Series(String name, List<Point> points) {
    }

    /**
     * Downsampled series over the recording: heap in bytes, pauses in milliseconds (the longest per bucket, one
     * series per cause), allocation rate in bytes per second, CPU as fractions of the machine.
     */
    public record Timelines(long bucketMillis, List<Point> heapAfterGc, List<Point> heapBeforeGc,
                            List<Point> heapCommitted, List<Series> pausesByCause, List<Point> allocationRate,
                            List<Point> offHeapUsed, List<Point> offHeapReserved, List<Point> cpuJvm,
                            List<Point> cpuMachine) {
    }

    public enum Severity { WARNING, ADVICE, INFO }

    /** Plain advice with numbers, made by one of the {@link FindingRule}s. */
    public record Finding(String rule, Severity severity, String title, String advice) {
    }
}
