package dev.spillway.allocator;

import java.util.List;
import java.util.Map;

/**
 * Read-only statistics of one off-heap allocator (pool, block pool, arena pool), like Netty's
 * {@code PoolArenaMetric}. Values are read without stopping the allocator, so they are consistent each on its own,
 * not with each other. Counters are cumulative since the allocator was built.
 */
public interface AllocatorMetric {

    /** @return the allocator's name */
    String name();

    /** @return the backing's name as in the JFR events: {@code mmap}, {@code arena} or {@code jemalloc} */
    String backing();

    /** @return bytes currently reserved from the OS (chunks, blocks, huge mappings) */
    long reservedBytes();

    /**
     * @return bytes currently handed out, counted in whole slots: a pool counts a request rounded up to its size
     *     class (huge ones to whole pages), a block pool whole blocks
     */
    long usedBytes();

    /**
     * @return the high-water mark of {@link #usedBytes()}; sampled when the allocator takes its slow path (refills,
     *     chunk and huge allocations) and when statistics are read, so a spike served entirely from thread caches
     *     between two samples may be missed
     */
    long peakUsedBytes();

    /** @return the off-heap limit of the allocator's budget, {@code 0} when none */
    long limitBytes();

    /** @return allocations served, cumulative */
    long allocations();

    /** @return frees, cumulative */
    long frees();

    /** @return bytes in use per tag given at allocation; untagged allocations are not listed */
    Map<String, Long> usedBytesByTag();

    /** @return usage per size class, smallest first; empty for allocators without size classes */
    default List<SizeClassMetric> sizeClasses() {
        return List.of();
    }

    /**
     * Usage of one size class.
     *
     * @param size the slot size in bytes
     * @param allocations allocations served from it, cumulative
     * @param frees frees into it, cumulative
     */
    record SizeClassMetric(long size, long allocations, long frees) {
        /** @return slots of this class handed out now */
        public long inUse() {
            return allocations - frees;
        }
    }
}
