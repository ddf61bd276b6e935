package dev.spillway.allocator.jfr;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.recycle.RecyclerMetric;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.FlightRecorder;

/**
 * Emits the allocator's JFR events. The periodic events need a JVM-wide hook ({@link FlightRecorder} keeps one per
 * event class), so the live allocators are kept in a static registry: allocators {@link #register} themselves when
 * built and close the returned handle when closed.
 */
public final class AllocatorEvents {

    private static final Set<AllocatorMetric> ALLOCATORS = ConcurrentHashMap.newKeySet();
    private static final Set<RecyclerMetric> RECYCLERS = ConcurrentHashMap.newKeySet();

    static {
        FlightRecorder.addPeriodicEvent(AllocatorStatisticsEvent.class, AllocatorEvents::emitAllocatorStatistics);
        FlightRecorder.addPeriodicEvent(RecyclerStatisticsEvent.class, AllocatorEvents::emitRecyclerStatistics);
    }

    private AllocatorEvents() {
    }

    /**
     * @param metric a live allocator's statistics, sampled by {@code dev.spillway.AllocatorStatistics}
     * @return closes the registration
     */
    public static AutoCloseable register(AllocatorMetric metric) {
        ALLOCATORS.add(metric);
        return () -> ALLOCATORS.remove(metric);
    }

    /**
     * @param metric a live recycler's statistics, sampled by {@code dev.spillway.RecyclerStatistics}
     * @return closes the registration
     */
    public static AutoCloseable register(RecyclerMetric metric) {
        RECYCLERS.add(metric);
        return () -> RECYCLERS.remove(metric);
    }

    /**
     * Emits {@code dev.spillway.ChunkMapped} if it is enabled.
     *
     * @param allocator the allocator's name
     * @param backing the backing's label
     * @param size bytes mapped
     * @param huge whether it is a huge allocation rather than a chunk
     */
    public static void chunkMapped(String allocator, String backing, long size, boolean huge) {
        ChunkMappedEvent event = new ChunkMappedEvent();
        if (event.shouldCommit()) {
            event.allocator = allocator;
            event.backing = backing;
            event.size = size;
            event.huge = huge;
            event.commit();
        }
    }

    /**
     * Emits {@code dev.spillway.ChunkUnmapped} if it is enabled.
     *
     * @param allocator the allocator's name
     * @param backing the backing's label
     * @param size bytes unmapped
     * @param huge whether it was a huge allocation rather than a chunk
     */
    public static void chunkUnmapped(String allocator, String backing, long size, boolean huge) {
        ChunkUnmappedEvent event = new ChunkUnmappedEvent();
        if (event.shouldCommit()) {
            event.allocator = allocator;
            event.backing = backing;
            event.size = size;
            event.huge = huge;
            event.commit();
        }
    }

    private static void emitAllocatorStatistics() {
        for (AllocatorMetric metric : ALLOCATORS) {
            AllocatorStatisticsEvent event = new AllocatorStatisticsEvent();
            event.allocator = metric.name();
            event.backing = metric.backing();
            event.reservedBytes = metric.reservedBytes();
            event.usedBytes = metric.usedBytes();
            event.peakUsedBytes = metric.peakUsedBytes();
            event.limitBytes = metric.limitBytes();
            event.allocations = metric.allocations();
            event.frees = metric.frees();
            event.commit();
        }
    }

    private static void emitRecyclerStatistics() {
        for (RecyclerMetric metric : RECYCLERS) {
            RecyclerStatisticsEvent event = new RecyclerStatisticsEvent();
            event.recycler = metric.name();
            event.pooledBytes = metric.pooledBytes();
            event.limitBytes = metric.limitBytes();
            event.borrows = metric.borrows();
            event.hits = metric.hits();
            event.misses = metric.misses();
            event.returns = metric.returns();
            event.discards = metric.discards();
            event.commit();
        }
    }
}
