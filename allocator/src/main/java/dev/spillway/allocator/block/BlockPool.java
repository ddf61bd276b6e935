package dev.spillway.allocator.block;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.LeakReport;
import dev.spillway.allocator.OffHeapBudget;
import dev.spillway.allocator.backing.Backing;
import dev.spillway.allocator.backing.MemorySource;
import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.internal.Zeroing;
import dev.spillway.allocator.jfr.AllocatorEvents;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Blocks of one size that the pool maps ahead of demand and unmaps when demand falls, after Smriti. With the
 * defaults:
 * <ul>
 *   <li>it starts with {@code initialBlocks} mapped and never maps more than {@code maxBlocks};
 *   <li>when an acquire leaves at least 80% of the mapped blocks in use, it maps 10% of {@code maxBlocks} more;
 *   <li>when a release leaves more than 50% of the mapped blocks free, it unmaps 10% of {@code maxBlocks} of the
 *       free ones, never going below {@code initialBlocks};
 *   <li>each full {@code idlePeriod} (1 minute) without an acquire or release unmaps one such step. No thread
 *       waits for that: the check runs at the next call, or on {@link #maintain()}, which a
 *       {@link Builder#maintenance scheduler} may call.
 * </ul>
 * Every number is configurable. An acquire with all {@code maxBlocks} blocks in use throws
 * {@link ExhaustedException}.
 *
 * <p>Each block is its own mapping with its own FFM scope, so a block that was unmapped, or a pool that was closed,
 * makes stale segments throw {@link IllegalStateException} instead of touching unmapped memory. A block released
 * and still mapped stays readable through a stale segment unless {@link Builder#debug debug} is on. Thread-safe.
 */
public final class BlockPool implements AutoCloseable {

    /** A mapped block and its scope; {@code inUse} and {@code lending} are guarded by the pool's lock. */
    private static final class Block {
        final MemorySegment region;
        final Arena scope;
        final MemorySegment memory;
        boolean inUse;
        Arena lending;

        Block(MemorySegment region) {
            this.region = region;
            this.scope = Arena.ofShared();
            this.memory = region.reinterpret(scope, null);
        }
    }

    private static final byte POISON = (byte) 0xDD;

    private final String name;
    private final boolean debug;
    private final long blockSize;
    private final int initialBlocks;
    private final int maxBlocks;
    private final double growAt;
    private final int growStep;
    private final double shrinkAt;
    private final int shrinkStep;
    private final long idleNanos;
    private final LongSupplier clock;
    private final MemorySource source;
    private final OffHeapBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Block> free = new ArrayDeque<>();
    private final Map<Long, Block> blocks = new HashMap<>();
    private final Metric metric = new Metric();
    private final AutoCloseable eventRegistration;
    private final ScheduledFuture<?> maintenance;
    private final Consumer<LeakReport> leakHandler;
    private int inUse;
    private long peakInUse;
    private long acquisitions;
    private long releases;
    private long lastActivity;
    private LeakReport leaks;
    private boolean closed;

    private BlockPool(Builder builder) {
        this.name = builder.name;
        this.debug = builder.debug;
        this.blockSize = builder.blockSize;
        this.initialBlocks = builder.initialBlocks;
        this.maxBlocks = builder.maxBlocks;
        this.growAt = builder.growAt;
        this.growStep = Math.max(1, (int) Math.ceil(builder.growFraction * maxBlocks));
        this.shrinkAt = builder.shrinkAt;
        this.shrinkStep = Math.max(1, (int) Math.ceil(builder.shrinkFraction * maxBlocks));
        this.idleNanos = builder.idlePeriod.toNanos();
        this.clock = builder.clock;
        this.source = builder.backing.open();
        this.budget = builder.budget;
        this.leakHandler = builder.leakHandler;
        this.lastActivity = clock.getAsLong();
        lock.lock();
        try {
            map(initialBlocks);
        } finally {
            lock.unlock();
        }
        this.eventRegistration = AllocatorEvents.register(metric);
        this.maintenance = builder.maintenance == null ? null
                : builder.maintenance.scheduleWithFixedDelay(this::maintainQuietly, idleNanos, idleNanos,
                        TimeUnit.NANOSECONDS);
    }

    /** @return a builder with the defaults described on its methods */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a zeroed block of {@code blockSize} bytes
     * @throws ExhaustedException if all {@code maxBlocks} blocks are in use
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if growing would pass the budget's limit
     * @throws IllegalStateException if the pool is closed
     */
    public MemorySegment acquire() {
        MemorySegment block = acquireUninitialized();
        Zeroing.zero(block);
        return block;
    }

    /**
     * As {@link #acquire()} without zeroing.
     *
     * @return a block of {@code blockSize} bytes, contents undefined
     */
    public MemorySegment acquireUninitialized() {
        lock.lock();
        try {
            ensureOpen();
            long now = clock.getAsLong();
            shrinkIfIdle(now);
            lastActivity = now;
            if (free.isEmpty()) {
                if (blocks.size() >= maxBlocks) {
                    throw new ExhaustedException("block pool '" + name + "' has all " + maxBlocks + " blocks of "
                            + blockSize + " bytes in use; release one first, or raise maxBlocks");
                }
                map(Math.min(growStep, maxBlocks - blocks.size()));
            }
            Block block = free.pop();
            block.inUse = true;
            MemorySegment handedOut = block.memory;
            if (debug) {
                block.lending = Arena.ofShared();
                handedOut = block.region.reinterpret(block.lending, null);
            }
            inUse++;
            acquisitions++;
            peakInUse = Math.max(peakInUse, inUse);
            if (inUse >= growAt * blocks.size() && blocks.size() < maxBlocks) {
                try {
                    map(Math.min(growStep, maxBlocks - blocks.size()));
                } catch (RuntimeException e) {
                    // Growing ahead of demand is an optimisation; the next acquire that finds no free block reports it.
                }
            }
            return handedOut;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a block back. Callable from any thread.
     *
     * @param block exactly a segment this pool's acquire returned, not yet released
     * @throws IllegalArgumentException if it is not, naming it (double release, slice, foreign memory)
     * @throws IllegalStateException if the pool is closed
     */
    public void release(MemorySegment block) {
        Objects.requireNonNull(block, "block");
        lock.lock();
        try {
            ensureOpen();
            Block known = blocks.get(block.address());
            Arena expectedScope = debug && known != null && known.lending != null ? known.lending : null;
            if (known == null || !known.inUse || block.byteSize() != blockSize
                    || !(expectedScope != null ? expectedScope : known.scope).scope().equals(block.scope())) {
                throw new IllegalArgumentException("cannot release " + block + " into block pool '" + name + "': "
                        + (known != null && !known.inUse ? "it was already released"
                                : "it is not a block this pool handed out")
                        + "; pass exactly the segment acquire returned, once");
            }
            known.inUse = false;
            if (debug) {
                known.lending.close();
                known.lending = null;
                known.memory.fill(POISON);
            }
            inUse--;
            releases++;
            free.push(known);
            long now = clock.getAsLong();
            shrinkIfIdle(now);
            lastActivity = now;
            if (free.size() > shrinkAt * blocks.size()) {
                unmapFree(shrinkStep);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Applies the idle rule now; for schedulers, and for callers that want memory back without other calls. */
    public void maintain() {
        lock.lock();
        try {
            ensureOpen();
            shrinkIfIdle(clock.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** @return blocks mapped now */
    public int allocatedBlocks() {
        lock.lock();
        try {
            return blocks.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return blocks in users' hands now */
    public int inUseBlocks() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /** @return the size of every block */
    public long blockSize() {
        return blockSize;
    }

    /** @return read-only statistics */
    public AllocatorMetric metric() {
        return metric;
    }

    /**
     * Unmaps every block, in use or not: their segments throw {@link IllegalStateException} afterwards, and every
     * later call on the pool throws too. Blocks still in use are reported to the leak handler.
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("block pool '" + name + "' is already closed");
            }
            closed = true;
            if (maintenance != null) {
                maintenance.cancel(false);
            }
            if (inUse > 0) {
                leaks = new LeakReport(name, inUse, inUse * blockSize, Map.of(blockSize, inUse * blockSize), Map.of(),
                        List.of());
            }
            blocks.values().forEach(block -> {
                if (block.lending != null) {
                    block.lending.close();
                }
                unmap(block);
            });
            blocks.clear();
            free.clear();
            inUse = 0;
        } finally {
            lock.unlock();
        }
        try {
            eventRegistration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (leaks != null) {
            leakHandler.accept(leaks);
        }
    }

    private void shrinkIfIdle(long now) {
        if (idleNanos <= 0) {
            return;
        }
        long periods = (now - lastActivity) / idleNanos;
        long steps = periods;
        while (steps > 0 && unmapFree(shrinkStep) > 0) {
            steps--;
        }
        if (periods > 0) {
            lastActivity += periods * idleNanos;
        }
    }

    private void map(int count) {
        for (int i = 0; i < count; i++) {
            budget.reserve("block pool '" + name + "'", blockSize);
            MemorySegment region;
            try {
                region = source.reserve(blockSize, 4096);
            } catch (RuntimeException | Error e) {
                budget.release(blockSize);
                throw e;
            }
            Block block = new Block(region);
            blocks.put(region.address(), block);
            free.push(block);
            AllocatorEvents.chunkMapped(name, source.backing().label(), blockSize, false);
        }
    }

    /** Unmaps up to {@code count} free blocks, keeping at least {@code initialBlocks} mapped. */
    private int unmapFree(int count) {
        int unmapped = 0;
        while (unmapped < count && blocks.size() > initialBlocks && !free.isEmpty()) {
            // The least recently released blocks are the coldest.
            Block block = free.removeLast();
            blocks.remove(block.region.address());
            unmap(block);
            unmapped++;
        }
        return unmapped;
    }

    private void unmap(Block block) {
        block.scope.close();
        source.release(block.region);
        budget.release(blockSize);
        AllocatorEvents.chunkUnmapped(name, source.backing().label(), blockSize, false);
    }

    private void maintainQuietly() {
        lock.lock();
        try {
            if (!closed) {
                shrinkIfIdle(clock.getAsLong());
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("block pool '" + name + "' is closed");
        }
    }

    private final class Metric implements AllocatorMetric {
        @Override
        public String name() {
            return name;
        }

        @Override
        public String backing() {
            return source.backing().label();
        }

        @Override
        public long reservedBytes() {
            return allocatedBlocks() * blockSize;
        }

        @Override
        public long usedBytes() {
            return inUseBlocks() * blockSize;
        }

        @Override
        public long peakUsedBytes() {
            lock.lock();
            try {
                return peakInUse * blockSize;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long limitBytes() {
            return budget.isLimited() ? budget.limitBytes() : 0;
        }

        @Override
        public long allocations() {
            lock.lock();
            try {
                return acquisitions;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long frees() {
            lock.lock();
            try {
                return releases;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public Map<String, Long> usedBytesByTag() {
            return Map.of();
        }
    }

    /** Configures a {@link BlockPool}. */
    public static final class Builder {
        private String name = "block-pool";
        private long blockSize = 64L << 10;
        private int initialBlocks = 16;
        private int maxBlocks = 1024;
        private double growAt = 0.8;
        private double growFraction = 0.1;
        private double shrinkAt = 0.5;
        private double shrinkFraction = 0.1;
        private Duration idlePeriod = Duration.ofMinutes(1);
        private LongSupplier clock = System::nanoTime;
        private ScheduledExecutorService maintenance;
        private Backing backing = Backing.platformDefault();
        private OffHeapBudget budget = OffHeapBudget.unlimited();
        private boolean debug;
        private Consumer<LeakReport> leakHandler =
                report -> System.getLogger(BlockPool.class.getName()).log(System.Logger.Level.WARNING, report.describe());

        private Builder() {
        }

        /** @param handler receives the blocks still in use on close; default a warning on {@link System.Logger} */
        public Builder leakHandler(Consumer<LeakReport> handler) {
            this.leakHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * @param enabled a scope per acquisition, closed by release, so use after release throws; released blocks
         *     are poisoned with {@code 0xDD}; default false
         */
        public Builder debug(boolean enabled) {
            this.debug = enabled;
            return this;
        }

        /** @param name names the pool in statistics, events and messages; default {@code "block-pool"} */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("block pool name must not be blank, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param bytes the size of every block, a positive multiple of 4096; default 64 KiB */
        public Builder blockSize(long bytes) {
            if (bytes <= 0 || bytes % 4096 != 0) {
                throw new IllegalArgumentException("block size must be a positive multiple of 4096 bytes, got "
                        + bytes);
            }
            this.blockSize = bytes;
            return this;
        }

        /** @param count blocks mapped at start and kept, at least 0; default 16 */
        public Builder initialBlocks(int count) {
            Sizes.checkAtLeast("initial blocks", count, 0);
            this.initialBlocks = count;
            return this;
        }

        /** @param count the most blocks ever mapped, at least 1; default 1024 */
        public Builder maxBlocks(int count) {
            Sizes.checkAtLeast("max blocks", count, 1);
            this.maxBlocks = count;
            return this;
        }

        /** @param fraction grow when this fraction of mapped blocks is in use, in (0, 1]; default 0.8 */
        public Builder growAt(double fraction) {
            this.growAt = checkFraction("grow threshold", fraction);
            return this;
        }

        /** @param fraction grow by this fraction of {@code maxBlocks}, in (0, 1]; default 0.1 */
        public Builder growBy(double fraction) {
            this.growFraction = checkFraction("growth step", fraction);
            return this;
        }

        /** @param fraction shrink when more than this fraction of mapped blocks is free, in (0, 1]; default 0.5 */
        public Builder shrinkAt(double fraction) {
            this.shrinkAt = checkFraction("shrink threshold", fraction);
            return this;
        }

        /** @param fraction shrink by this fraction of {@code maxBlocks}, in (0, 1]; default 0.1 */
        public Builder shrinkBy(double fraction) {
            this.shrinkFraction = checkFraction("shrink step", fraction);
            return this;
        }

        /** @param period inactivity after which one shrink step happens, {@code Duration.ZERO} for never; default 1 minute */
        public Builder idlePeriod(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("idle period must not be negative, got " + period);
            }
            this.idlePeriod = period;
            return this;
        }

        /** @param nanoTime the clock, in nanoseconds like {@link System#nanoTime()}; for tests */
        public Builder clock(LongSupplier nanoTime) {
            this.clock = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * @param scheduler runs {@link #maintain()} every idle period, so an untouched pool shrinks too; default
         *     none (the idle rule is applied at the next call)
         */
        public Builder maintenance(ScheduledExecutorService scheduler) {
            this.maintenance = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** @param backing where blocks come from; default {@link Backing#platformDefault()} */
        public Builder backing(Backing backing) {
            this.backing = Objects.requireNonNull(backing, "backing");
            return this;
        }

        /** @param limitBytes an off-heap limit of this pool's own */
        public Builder limit(long limitBytes) {
            this.budget = OffHeapBudget.limitedTo(limitBytes);
            return this;
        }

        /** @param budget an off-heap budget shared with other allocators */
        public Builder budget(OffHeapBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @return a new pool with {@code initialBlocks} blocks mapped
         * @throws IllegalArgumentException if {@code initialBlocks > maxBlocks}
         */
        public BlockPool build() {
            if (initialBlocks > maxBlocks) {
                throw new IllegalArgumentException("initial blocks (" + initialBlocks + ") must not exceed max blocks ("
                        + maxBlocks + ")");
            }
            return new BlockPool(this);
        }

        private static double checkFraction(String what, double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException(what + " must be in (0, 1], got " + fraction);
            }
            return fraction;
        }
    }
}
