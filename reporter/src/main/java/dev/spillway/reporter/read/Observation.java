package dev.spillway.reporter.read;

/**
 * One fact read from a recording, independent of {@code jdk.jfr}, so that the analysis can be fed by tests and
 * by any reader. Times are epoch nanoseconds; sizes are bytes; durations are nanoseconds.
 */
public sealed interface Observation {

    long time();

    /** {@code jdk.JVMInformation}. */
    record JvmInformation(long time, String jvmName, String jvmVersion) implements Observation {
    }

    /** {@code jdk.GCConfiguration}. */
    record GcConfiguration(long time, String youngCollector, String oldCollector) implements Observation {
    }

    /** {@code jdk.GCHeapConfiguration}. */
    record HeapConfiguration(long time, long minSize, long maxSize, long initialSize) implements Observation {
    }

    /**
     * The G1 region size, from the {@code G1HeapRegionSize} flag event, from region information events, or from
     * the agent's configuration.
     */
    record RegionSize(long time, long bytes, String source) implements Observation {
    }

    /** {@code jdk.GarbageCollection}; {@code time} is its start. */
    record Collection(long time, long duration, int gcId, String name, String cause, long sumOfPauses,
                      long longestPause) implements Observation {
    }

    /**
     * The generation a collection worked on ({@code jdk.YoungGarbageCollection}, {@code jdk.OldGarbageCollection})
     * or its G1 type ({@code jdk.G1GarbageCollection}).
     */
    record CollectionKind(long time, int gcId, String kind) implements Observation {
    }

    /** {@code jdk.GCHeapSummary}. */
    record HeapSummary(long time, int gcId, boolean beforeGc, long heapUsed, long committed) implements Observation {
    }

    /** {@code jdk.G1HeapSummary}; {@code oldUsed} is -1 on JDKs that do not record it. */
    record G1HeapSummary(long time, int gcId, boolean beforeGc, long edenUsed, long survivorUsed, long oldUsed,
                         int regions) implements Observation {
    }

    /** {@code jdk.GCPhasePause}: one stop-the-world pause of a collection. */
    record PhasePause(long time, long duration, int gcId, String name) implements Observation {
    }

    /**
     * {@code jdk.ObjectAllocationSample}: {@code weight} is the bytes the sample stands for (not the object's size).
     * {@code site} is the top frame outside the JDK.
     */
    record AllocationSample(long time, String objectClass, long weight, Site site, String thread) implements Observation {
    }

    /**
     * {@code jdk.ObjectAllocationOutsideTLAB} of a byte array, the one class whose sites the report ranks: one
     * allocation, with its real size. Allocations of other classes are not read, nor, in a recording whose
     * metadata never declares {@code dev.spillway.AgentConfiguration} (which may set a lower threshold), those below
     * {@link #DEFAULT_THRESHOLD}: most outside-TLAB allocations are small, and resolving their stack traces would
     * cost more than all the rest of their reading.
     */
    record OutsideTlabAllocation(long time, String objectClass, long size, Site site, String thread) implements Observation {
        /** The size from which a byte array is large when the agent's configuration does not say otherwise. */
        public static final long DEFAULT_THRESHOLD = 64 * 1024;
    }

    /** {@code jdk.G1HeapRegionTypeChange}. */
    record RegionTypeChange(long time, String from, String to) implements Observation {
    }

    /** {@code jdk.CPULoad}, fractions of one machine. */
    record CpuLoad(long time, double jvmUser, double jvmSystem, double machineTotal) implements Observation {
    }

    /** {@code jdk.ZAllocationStall}: a thread waited for ZGC to free memory. */
    record AllocationStall(long time, long duration, String thread) implements Observation {
    }

    /** {@code dev.spillway.AgentConfiguration}. */
    record AgentConfiguration(long time, String version, String mode, long threshold, String designate,
                              String exclude, long regionSize, boolean verify) implements Observation {
    }

    /** {@code dev.spillway.LargeAllocation}. */
    record LargeAllocation(long time, Site site, long size, boolean humongous, String outcome, long weight,
                           long weightBytes, String thread) implements Observation {
    }

    /** {@code dev.spillway.SiteSummary}: cumulative counters, the last one per site wins. */
    record SiteSummary(long time, Site site, String verdict, String reason, String detail, long allocations,
                       long bytes, long largeAllocations, long largeBytes, long humongousAllocations,
                       long humongousBytes, long redirectedAllocations, long redirectedBytes,
                       long fallbackAllocations, long belowThresholdAllocations) implements Observation {
    }

    /** {@code dev.spillway.EscapeObserved}. */
    record EscapeObserved(long time, Site site, String detail) implements Observation {
    }

    /** {@code dev.spillway.ChunkMapped} ({@code mapped}) or {@code dev.spillway.ChunkUnmapped}. */
    record ChunkMapping(long time, String allocator, String backing, long size, boolean huge, boolean mapped)
            implements Observation {
    }

    /** {@code dev.spillway.AllocatorStatistics}. */
    record AllocatorStatistics(long time, String allocator, String backing, long reservedBytes, long usedBytes,
                               long peakUsedBytes, long limitBytes, long allocations, long frees) implements Observation {
    }

    /** {@code dev.spillway.RecyclerStatistics}. */
    record RecyclerStatistics(long time, String recycler, long pooledBytes, long limitBytes, long borrows, long hits,
                              long misses, long returns, long discards) implements Observation {
    }
}
