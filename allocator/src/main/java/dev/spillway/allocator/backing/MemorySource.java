package dev.spillway.allocator.backing;

import java.lang.foreign.MemorySegment;

/**
 * Reserves and releases large regions of native memory. Implementations are thread-safe. Regions are returned as
 * segments of exactly the requested size in the global scope: the caller binds them to an FFM arena of its own
 * (with {@code reinterpret}) so that its users cannot touch them after release.
 */
public sealed interface MemorySource permits MmapSource, ArenaSource, JemallocSource {

    /** @return which backing this is */
    Backing backing();

    /**
     * @param size bytes, positive
     * @param alignment a power of two; the region's address is a multiple of it
     * @return the region
     * @throws OutOfMemoryError if the OS or library refuses, with its reason
     */
    MemorySegment reserve(long size, long alignment);

    /** @param region a region from {@link #reserve} of this source, not used afterwards */
    void release(MemorySegment region);

    /**
     * Tells the OS the pages of a reserved range are not needed now; they stay reserved and readable, their
     * contents become undefined (zero on Linux with {@code mmap}). A no-op where the backing cannot do it.
     *
     * @param range a page-aligned part of a reserved region
     */
    void discard(MemorySegment range);

    /** @return whether {@link #reserve} always returns zeroed memory */
    boolean reservesZeroed();
}
