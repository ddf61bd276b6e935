package dev.spillway.allocator.arena;

import java.lang.foreign.MemorySegment;

/** Where a {@link ScopedArena} gets the blocks it bump-allocates from, and what happens when it closes. */
interface BlockSource {

    /** @return the size of the first block */
    long blockSize();

    /** @return the size blocks grow to at most, unless a single request needs more */
    long maxBlockSize();

    /**
     * @param minimumSize the block must hold at least this many bytes
     * @return a block of at least {@code minimumSize} bytes, in a scope the source controls; the arena re-scopes it
     * @throws dev.spillway.allocator.ExhaustedException if the source has no more room for this arena
     */
    MemorySegment block(long minimumSize);

    /** @param block a block from {@link #block} that the arena no longer uses */
    void release(MemorySegment block);

    /** The arena has closed and released its blocks. */
    void arenaClosed();
}
