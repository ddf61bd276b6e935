package dev.spillway.allocator.arena;

import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.internal.Zeroing;
import dev.spillway.allocator.pool.Pool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Go's {@code arena} in Java: bump allocation from blocks of a {@link Pool}, and {@link #close()} gives
 * everything back at once. Every segment handed out is bound to this arena's own FFM scope, so using it after
 * {@code close()} throws {@link IllegalStateException} instead of reading memory that now belongs to someone else
 * (what {@code go run -asan} finds in Go).
 *
 * <p>A confined arena (the default) may be used and closed only by the thread that opened it, and closing it is
 * cheap; a shared one may be used from any thread (allocation is synchronized) and closing it costs a JVM-wide
 * handshake of some tens of microseconds.
 *
 * <p>Blocks start at the configured block size and double, up to a quarter of the pool's chunk size, as the arena
 * fills; a request larger than the next block gets a block of its own size. The arena keeps bumping in whichever
 * block has more room left.
 */
public final class ScopedArena implements AutoCloseable {

    private static final long DEFAULT_BLOCK_SIZE = 64L << 10;
    private static final long MAX_ALIGNMENT = 4096;

    private final BlockSource source;
    private final Arena scope;
    private final boolean shared;
    private final List<MemorySegment> blocks = new ArrayList<>();
    private MemorySegment current = MemorySegment.NULL;
    private long offset;
    private long nextBlockSize;
    private long allocatedBytes;
    private long reservedBytes;
    private boolean closed;

    ScopedArena(BlockSource source, boolean shared) {
        this.source = source;
        this.shared = shared;
        this.scope = shared ? Arena.ofShared() : Arena.ofConfined();
        this.nextBlockSize = source.blockSize();
    }

    /**
     * Opens a confined arena on {@code pool} with 64 KiB blocks.
     *
     * @param pool where blocks come from; it cannot close while this arena is open
     * @return the arena
     */
    public static ScopedArena open(Pool pool) {
        return builder(pool).open();
    }

    /**
     * @param pool where blocks come from
     * @return a builder for an arena on {@code pool}
     */
    public static Builder builder(Pool pool) {
        return new Builder(Objects.requireNonNull(pool, "pool"));
    }

    /**
     * @param size bytes, at least 1
     * @return zeroed memory of exactly {@code size} bytes, 16-byte aligned, valid until {@link #close()}
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws IllegalStateException if the arena is closed
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if the pool's budget has no room
     * @throws ExhaustedException if the arena has a fixed capacity (from an {@link ArenaPool}) and it is full
     */
    public MemorySegment allocate(long size) {
        return allocate(size, 16, true);
    }

    /**
     * @param size bytes, at least 1
     * @param alignment a power of two up to 4096
     * @return zeroed memory of exactly {@code size} bytes at a multiple of {@code alignment}
     */
    public MemorySegment allocate(long size, long alignment) {
        return allocate(size, alignment, true);
    }

    /**
     * @param size bytes, at least 1
     * @return memory of exactly {@code size} bytes, contents undefined
     */
    public MemorySegment allocateUninitialized(long size) {
        return allocate(size, 16, false);
    }

    /**
     * Copies a segment into a new heap array, like Go's {@code arena.Clone}: the copy outlives the arena.
     *
     * @param segment any readable segment, at most {@code Integer.MAX_VALUE - 8} bytes
     * @return a new array with the segment's bytes
     */
    public static byte[] cloneToHeap(MemorySegment segment) {
        Sizes.checkSize("segment size to clone", Math.max(1, segment.byteSize()), Integer.MAX_VALUE - 8);
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    /** @return bytes handed out by this arena */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    /** @return bytes of the blocks this arena holds */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Invalidates every segment this arena handed out and gives its blocks back.
     *
     * @throws IllegalStateException if already closed
     * @throws WrongThreadException if confined and called from another thread than the one that opened it
     */
    @Override
    public void close() {
        if (shared) {
            synchronized (this) {
                closeLocked();
            }
        } else {
            closeLocked();
        }
    }

    private void closeLocked() {
        if (closed) {
            throw new IllegalStateException("scoped arena is already closed");
        }
        scope.close();
        closed = true;
        RuntimeException failure = null;
        for (MemorySegment block : blocks) {
            try {
                source.release(block);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        blocks.clear();
        current = MemorySegment.NULL;
        source.arenaClosed();
        if (failure != null) {
            throw failure;
        }
    }

    private MemorySegment allocate(long size, long alignment, boolean zeroed) {
        if (shared) {
            synchronized (this) {
                return allocateLocked(size, alignment, zeroed);
            }
        }
        return allocateLocked(size, alignment, zeroed);
    }

    private MemorySegment allocateLocked(long size, long alignment, boolean zeroed) {
        Sizes.checkSize("allocation size", size, Pool.MAX_ALLOCATION);
        Sizes.checkPowerOfTwo("alignment", alignment);
        if (alignment > MAX_ALIGNMENT) {
            throw new IllegalArgumentException("alignment must be at most " + MAX_ALIGNMENT + ", got " + alignment);
        }
        if (closed) {
            throw new IllegalStateException("scoped arena is closed");
        }
        long start = Sizes.roundUp(current.address() + offset, alignment) - current.address();
        MemorySegment segment;
        if (start + size <= current.byteSize()) {
            segment = current.asSlice(start, size);
            offset = start + size;
        } else {
            // Blocks double (Go's arenas grow the same way) so that an arena of many allocations takes few blocks.
            // Pool blocks are only 16-byte aligned; room for the padding a larger alignment may need.
            long needed = alignment > 16 ? size + alignment - 16 : size;
            long blockSize = Math.max(needed, Math.min(nextBlockSize, source.maxBlockSize()));
            MemorySegment block = newBlock(blockSize);
            long blockStart = Sizes.roundUp(block.address(), alignment) - block.address();
            segment = block.asSlice(blockStart, size);
            nextBlockSize = Math.min(source.maxBlockSize(), Math.max(nextBlockSize, blockSize) * 2);
            if (block.byteSize() - blockStart - size > current.byteSize() - offset) {
                current = block;
                offset = blockStart + size;
            }
        }
        if (zeroed) {
            Zeroing.zero(segment);
        }
        allocatedBytes += size;
        return segment;
    }

    private MemorySegment newBlock(long size) {
        MemorySegment block = source.block(size);
        blocks.add(block);
        reservedBytes += block.byteSize();
        return block.reinterpret(scope, null);
    }

    /** Configures a {@link ScopedArena} on a pool. */
    public static final class Builder {
        private final Pool pool;
        private long blockSize = DEFAULT_BLOCK_SIZE;
        private boolean shared;
        private String tag = "scoped-arena";

        private Builder(Pool pool) {
            this.pool = pool;
        }

        /** @param bytes block size, 4 KiB to the pool's chunk size; default 64 KiB */
        public Builder blockSize(long bytes) {
            if (bytes < 4096 || bytes > pool.chunkSize()) {
                throw new IllegalArgumentException("block size must be between 4096 and " + pool.chunkSize()
                        + " bytes, got " + bytes);
            }
            this.blockSize = bytes;
            return this;
        }

        /** @param shared whether any thread may use the arena; default false (confined to the opening thread) */
        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        /** @param tag the pool tag its blocks are counted under; default {@code "scoped-arena"} */
        public Builder tag(String tag) {
            this.tag = Objects.requireNonNull(tag, "tag");
            return this;
        }

        /**
         * @return a new open arena; the pool is pinned until it closes
         * @throws IllegalStateException if the pool is closed
         */
        public ScopedArena open() {
            return new ScopedArena(new PoolBlocks(pool, blockSize, tag), shared);
        }
    }

    /** Blocks from a {@link Pool}; pins the pool while the arena is open. */
    private static final class PoolBlocks implements BlockSource {
        private final Pool pool;
        private final long blockSize;
        private final String tag;
        private final AutoCloseable pin;

        PoolBlocks(Pool pool, long blockSize, String tag) {
            this.pool = pool;
            this.blockSize = blockSize;
            this.tag = tag;
            this.pin = pool.pin("a scoped arena");
        }

        @Override
        public long blockSize() {
            return blockSize;
        }

        @Override
        public long maxBlockSize() {
            return Math.max(blockSize, pool.chunkSize() / 4);
        }

        @Override
        public MemorySegment block(long size) {
            return pool.allocateUninitialized(size, tag);
        }

        @Override
        public void release(MemorySegment block) {
            pool.free(block);
        }

        @Override
        public void arenaClosed() {
            try {
                pin.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
