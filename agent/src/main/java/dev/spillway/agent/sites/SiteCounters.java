package dev.spillway.agent.sites;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A site's cumulative counters, updated by the threads that allocate.
 *
 * <p>Every allocation adds to its size bucket and to the byte total; the allocation count is the sum of the
 * buckets, so it needs no counter of its own. These two adds are on every profiled allocation's path, so they
 * use no atomic instruction: a thread that owns a {@link Stripes stripe} adds to this site's tally for that
 * stripe with plain reads and opaque writes, which only it writes, and readers sum the tallies. A thread
 * without a stripe of its own (more threads than stripes, all of them alive) adds to {@link LongAdder}s
 * instead. Either way nothing is lost. The rarer counters (large, humongous, redirected) are adders.
 */
public final class SiteCounters {
    /** Buckets 0 to 30 hold every size an array can have. */
    public static final int BUCKETS = 31;

    /** Index of the byte total in a stripe's tally, after the buckets. */
    private static final int BYTES = BUCKETS;
    private static final VarHandle TALLY = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(long[][].class);

    /** Per stripe, made by its owner on its first allocation here: buckets, then the byte total. */
    private final long[][] tallies = new long[Stripes.COUNT][];

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
        int bucket = bucket(size);
        int stripe = Stripes.ofCurrentThread();
        if (stripe >= 0) {
            long[] tally = tallies[stripe];
            if (tally == null) {
                tally = newTally(stripe);
            }
            TALLY.setOpaque(tally, bucket, tally[bucket] + 1);
            TALLY.setOpaque(tally, BYTES, tally[BYTES] + size);
        } else {
            buckets[bucket].increment();
            bytes.add(size);
        }
    }

    private long[] newTally(int stripe) {
        long[] tally = new long[BUCKETS + 1];
        STRIPE.setRelease(tallies, stripe, tally);
        return tally;
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
        long byteTotal = bytes.sum();
        for (int stripe = 0; stripe < tallies.length; stripe++) {
            long[] tally = (long[]) STRIPE.getAcquire(tallies, stripe);
            if (tally != null) {
                for (int i = 0; i < BUCKETS; i++) {
                    histogram[i] += (long) TALLY.getOpaque(tally, i);
                }
                byteTotal += (long) TALLY.getOpaque(tally, BYTES);
            }
        }
        long allocations = 0;
        int used = 0;
        for (int i = 0; i < BUCKETS; i++) {
            histogram[i] += buckets[i].sum();
            allocations += histogram[i];
            if (histogram[i] != 0) {
                used = i + 1;
            }
        }
        return new SiteStatistics(allocations, byteTotal, largeAllocations.sum(), largeBytes.sum(),
                humongousAllocations.sum(), humongousBytes.sum(), redirectedAllocations.sum(),
                redirectedBytes.sum(), fallbackAllocations.sum(), belowThresholdAllocations.sum(),
                Arrays.copyOf(histogram, used));
    }
}
