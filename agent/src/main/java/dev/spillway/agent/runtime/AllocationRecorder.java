package dev.spillway.agent.runtime;

import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts the allocations of rewritten sites into their {@link SiteRegistry} entries.
 *
 * <p>Below the threshold (and below the smallest humongous size) an allocation costs two adds on striped
 * counters; at or above it the recorder also counts it as large and/or humongous, and tells the {@link
 * LargeAllocationListener}s of large ones (JFR events, meters).
 */
public final class AllocationRecorder {
    private final SiteRegistry sites;
    private final int threshold;
    private final Supplier<HeapGeometry> heapGeometrySource;
    private final List<LargeAllocationListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();
    private volatile HeapGeometry heapGeometry;
    /** Sizes from here take the slow path: the threshold, or the smallest humongous size if that is lower. */
    private volatile int slowPathFrom;

    /**
     * @param sites where the counters live
     * @param threshold size in bytes from which an allocation is large
     * @param heapGeometry read once, on the first call of {@link #heapGeometry()} or the first large
     *     allocation, so that start-up does not pay for it; until then, allocations below the threshold are not
     *     checked for being humongous
     */
    public AllocationRecorder(SiteRegistry sites, int threshold, Supplier<HeapGeometry> heapGeometry) {
        this.sites = sites;
        this.threshold = threshold;
        this.heapGeometrySource = heapGeometry;
        this.slowPathFrom = threshold;
    }

    /** Adds a listener for large allocations. */
    public void addListener(LargeAllocationListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added before. */
    public void removeListener(LargeAllocationListener listener) {
        listeners.remove(listener);
    }

    /** The registry this recorder counts into. */
    public SiteRegistry sites() {
        return sites;
    }

    /** The threshold in bytes. */
    public int threshold() {
        return threshold;
    }

    /** The heap geometry, read now if no large allocation has read it yet. */
    public HeapGeometry heapGeometry() {
        HeapGeometry geometry = heapGeometry;
        if (geometry == null) {
            // Racing threads may both detect; the results are equal, so either may win.
            geometry = heapGeometrySource.get();
            heapGeometry = geometry;
            slowPathFrom = (int) Math.min(threshold, geometry.humongousFrom());
        }
        return geometry;
    }

    /** How many times recording failed and was skipped. */
    public long failures() {
        return failures.sum();
    }

    /** Counts an allocation of {@code size} bytes at site {@code site}; negative sizes fail before allocating. */
    public void record(int size, int site) {
        record(size, site, RedirectOutcome.PLAIN);
    }

    /** As {@link #record(int, int)}, for an allocation served as {@code outcome} says. */
    public void record(int size, int site, RedirectOutcome outcome) {
        SiteEntry entry = sites.entry(site);
        if (entry == null || size < 0) {
            return;
        }
        entry.counters().recordAllocation(size);
        if (size >= slowPathFrom) {
            recordLargeOrHumongous(entry, size, outcome);
        }
    }

    private void recordLargeOrHumongous(SiteEntry entry, int size, RedirectOutcome outcome) {
        // A recycled array or an off-heap buffer puts no new array on the heap.
        boolean allocatesHeapArray = entry.site().kind().allocatesHeapArray()
                && outcome != RedirectOutcome.RECYCLED && outcome != RedirectOutcome.OFF_HEAP;
        boolean humongous = allocatesHeapArray && heapGeometry().isHumongous(size);
        if (humongous) {
            entry.counters().recordHumongous(size);
        }
        if (size >= threshold) {
            entry.counters().recordLarge(size);
            for (LargeAllocationListener listener : listeners) {
                listener.onLargeAllocation(entry, size, humongous, outcome);
            }
        }
    }

    /** Counts a failure of a runtime entry point that was absorbed. */
    public void failed() {
        failures.increment();
    }
}
