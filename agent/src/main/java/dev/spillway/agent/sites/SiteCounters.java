package dev.spillway.agent.sites;

import java.util.concurrent.atomic.LongAdder;

/**
 * A site's cumulative counters, updated by the threads that allocate.
 *
 * <p>A hot site may run on many threads at once, so every counter is a {@link LongAdder}: uncontended it
 * costs one CAS, contended it spreads over cells instead of bouncing one cache line. An allocation below
 * the threshold touches two adders (its size bucket and the byte total); the allocation count is the sum
 * of the buckets, so it needs no adder of its own.
 */
public final class SiteCounters {
    /** Buckets 0 to 30 hold every size an array can have. */
    public static final int BUCKETS = 31;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder bytes = new LongAdder();
    private final LongAdder largeAllocations = new LongAdder();
    private final LongAdder largeBytes = new LongAdder();
    private final LongAdder humongousAllocations = new LongAdder();
    private final LongAdder humongousBytes = new LongAdder();
    private final LongAdder redirectedAllocations = new LongAdder();
    private final LongAdder redirectedBytes = new LongAdder();
    private final LongAdder fallbackAllocations = new LongAdder();
    private final LongAdder belowThresholdAllocations = new LongAdder();

    public SiteCounters() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** The histogram bucket of {@code size}: {@code floor(log2(size))}, with 0 and 1 in bucket 0. */
    public static int bucket(int size) {
        return 31 - Integer.numberOfLeadingZeros(size | 1);
    }

    /** Counts one allocation of {@code size} bytes, {@code size >= 0}. */
    public void recordAllocation(int size) {
        buckets[bucket(size)].increment();
        bytes.add(size);
    }

    /** Counts one allocation at or above the threshold, in addition to {@link #recordAllocation(int)}. */
    public void recordLarge(int size) {
        largeAllocations.increment();
        largeBytes.add(size);
    }

    /** Counts one humongous allocation, in addition to {@link #recordAllocation(int)}. */
    public void recordHumongous(int size) {
        humongousAllocations.increment();
        humongousBytes.add(size);
    }

    /** Counts an allocation served by the allocator or recycler instead of {@code new}. */
    public void recordRedirected(int size) {
        redirectedAllocations.increment();
        redirectedBytes.add(size);
    }

    /** Counts a proven site's allocation that the allocator or recycler could not serve. */
    public void recordFallback() {
        fallbackAllocations.increment();
    }

    /** Counts a proven site's allocation left plain because it was below the threshold. */
    public void recordBelowThreshold() {
        belowThresholdAllocations.increment();
    }

    /** The counters now; concurrent updates may or may not be included. */
    public SiteStatistics snapshot() {
        long[] histogram = new long[BUCKETS];
        long allocations = 0;
        int used = 0;
        for (int i = 0; i < BUCKETS; i++) {
            histogram[i] = buckets[i].sum();
            allocations += histogram[i];
            if (histogram[i] != 0) {
                used = i + 1;
            }
        }
        return new SiteStatistics(allocations, bytes.sum(), largeAllocations.sum(), largeBytes.sum(),
                humongousAllocations.sum(), humongousBytes.sum(), redirectedAllocations.sum(),
                redirectedBytes.sum(), fallbackAllocations.sum(), belowThresholdAllocations.sum(),
                java.util.Arrays.copyOf(histogram, used));
    }
}
