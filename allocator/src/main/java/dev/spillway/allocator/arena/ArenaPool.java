package dev.spillway.allocator.arena;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.OffHeapBudget;
import dev.spillway.allocator.backing.Backing;
import dev.spillway.allocator.backing.MemorySource;
import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.jfr.AllocatorEvents;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded set of {@code arenas} arenas of {@code arenaSize} bytes each, after goumem: {@link #acquire()} lends
 * one as a {@link ScopedArena} of fixed capacity, closing that arena gives it back. Regions are reserved from the
 * backing on first use and kept until the pool closes. When all are lent, {@code acquire} blocks or fails, as
 * configured by {@link WhenEmpty}.
 *
 * <p>Segments of a lent arena are bound to that lending: after the arena is closed they throw, even though the
 * region goes to the next borrower. Thread-safe.
 */
public final class ArenaPool implements AutoCloseable {

    private final String name;
    private final int arenas;
    private final long arenaSize;
    private final WhenEmpty whenEmpty;
    private final boolean shared;
    private final MemorySource source;
    private final OffHeapBudget budget;
    private final Semaphore permits;
    private final ArrayDeque<MemorySegment> idle = new ArrayDeque<>();
    private final AtomicLong lent = new AtomicLong();
    private final AtomicLong acquisitions = new AtomicLong();
    private final AtomicLong releases = new AtomicLong();
    private final AtomicLong peakLent = new AtomicLong();
    private final Metric metric = new Metric();
    private final AutoCloseable eventRegistration;
    private int reserved;
    private boolean closed;

    private ArenaPool(Builder builder) {
        this.name = builder.name;
        this.arenas = builder.arenas;
        this.arenaSize = builder.arenaSize;
        this.whenEmpty = builder.whenEmpty;
        this.shared = builder.shared;
        this.source = builder.backing.open();
        this.budget = builder.budget;
        this.permits = new Semaphore(arenas, true);
        this.eventRegistration = AllocatorEvents.register(metric);
    }

    /** @return a builder with the defaults described on its methods */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lends an arena, waiting for one if all are lent and the pool {@linkplain WhenEmpty#BLOCK blocks}.
     *
     * @return an open arena of {@code arenaSize} bytes; close it to give it back
     * @throws ExhaustedException if all are lent and the pool {@linkplain WhenEmpty#FAIL fails}
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the pool is closed
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if the budget has no room for a new region
     */
    public ScopedArena acquire() throws InterruptedException {
        ensureOpen();
        if (whenEmpty == WhenEmpty.FAIL) {
            if (!permits.tryAcquire()) {
                throw exhausted();
            }
        } else {
            permits.acquire();
        }
        return lend();
    }

    /**
     * Lends an arena, waiting at most {@code timeout} whatever {@link WhenEmpty} says.
     *
     * @param timeout how long to wait, not negative
     * @return an open arena
     * @throws ExhaustedException if none was released in time
     * @throws InterruptedException if interrupted while waiting
     */
    public ScopedArena acquire(Duration timeout) throws InterruptedException {
        ensureOpen();
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw exhausted();
        }
        return lend();
    }

    /** @return arenas that can be acquired now without waiting */
    public int available() {
        return permits.availablePermits();
    }

    /** @return read-only statistics; {@code usedBytes} counts whole lent arenas */
    public AllocatorMetric metric() {
        return metric;
    }

    /**
     * Unmaps every region.
     *
     * @throws IllegalStateException if already closed, or if arenas are still lent (nothing is closed then)
     */
    @Override
    public void close() {
        synchronized (idle) {
            if (closed) {
                throw new IllegalStateException("arena pool '" + name + "' is already closed");
            }
            if (lent.get() > 0) {
                throw new IllegalStateException("arena pool '" + name + "' cannot close: " + lent.get()
                        + " arena(s) are still acquired; close them first");
            }
            closed = true;
            for (MemorySegment region : idle) {
                unmap(region);
            }
            idle.clear();
        }
        try {
            eventRegistration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ScopedArena lend() {
        MemorySegment region;
        try {
            synchronized (idle) {
                ensureOpen();
                region = idle.poll();
                if (region == null) {
                    budget.reserve("arena pool '" + name + "'", arenaSize);
                    try {
                        region = source.reserve(arenaSize, 4096);
                    } catch (RuntimeException | Error e) {
                        budget.release(arenaSize);
                        throw e;
                    }
                    reserved++;
                    AllocatorEvents.chunkMapped(name, source.backing().label(), arenaSize, false);
                }
                long nowLent = lent.incrementAndGet();
                peakLent.accumulateAndGet(nowLent, Math::max);
            }
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
        acquisitions.incrementAndGet();
        return new ScopedArena(new RegionBlocks(region), shared);
    }

    private void giveBack(MemorySegment region) {
        synchronized (idle) {
            lent.decrementAndGet();
            releases.incrementAndGet();
            idle.push(region);
        }
        permits.release();
    }

    private void unmap(MemorySegment region) {
        source.release(region);
        budget.release(arenaSize);
        reserved--;
        AllocatorEvents.chunkUnmapped(name, source.backing().label(), arenaSize, false);
    }

    private ExhaustedException exhausted() {
        return new ExhaustedException("arena pool '" + name + "' has all " + arenas + " arenas of " + arenaSize
                + " bytes acquired; release one first, or build the pool with more arenas");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("arena pool '" + name + "' is closed");
        }
    }

    /** One region, handed out once; the arena is full when it is used up. */
    private final class RegionBlocks implements BlockSource {
        private final MemorySegment region;
        private boolean handedOut;

        RegionBlocks(MemorySegment region) {
            this.region = region;
        }

        @Override
        public long blockSize() {
            return arenaSize;
        }

        @Override
        public long maxBlockSize() {
            return arenaSize;
        }

        @Override
        public MemorySegment block(long minimumSize) {
            if (handedOut || minimumSize > arenaSize) {
                throw new ExhaustedException("arena of " + arenaSize + " bytes from arena pool '" + name
                        + "' has no room for the request; acquired arenas do not grow");
            }
            handedOut = true;
            return region;
        }

        @Override
        public void release(MemorySegment block) {
            // The region goes back whole in arenaClosed.
        }

        @Override
        public void arenaClosed() {
            giveBack(region);
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
            synchronized (idle) {
                return reserved * arenaSize;
            }
        }

        @Override
        public long usedBytes() {
            return lent.get() * arenaSize;
        }

        @Override
        public long peakUsedBytes() {
            return peakLent.get() * arenaSize;
        }

        @Override
        public long limitBytes() {
            return budget.isLimited() ? budget.limitBytes() : 0;
        }

        @Override
        public long allocations() {
            return acquisitions.get();
        }

        @Override
        public long frees() {
            return releases.get();
        }

        @Override
        public Map<String, Long> usedBytesByTag() {
            return Map.of();
        }
    }

    /** Configures an {@link ArenaPool}. */
    public static final class Builder {
        private String name = "arena-pool";
        private int arenas = 4;
        private long arenaSize = 1L << 20;
        private WhenEmpty whenEmpty = WhenEmpty.BLOCK;
        private boolean shared;
        private Backing backing = Backing.platformDefault();
        private OffHeapBudget budget = OffHeapBudget.unlimited();

        private Builder() {
        }

        /** @param name names the pool in statistics, events and messages; default {@code "arena-pool"} */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("arena pool name must not be blank, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param count how many arenas, at least 1; default 4 */
        public Builder arenas(int count) {
            Sizes.checkAtLeast("arena count", count, 1);
            this.arenas = count;
            return this;
        }

        /** @param bytes each arena's capacity, a positive multiple of 4096; default 1 MiB */
        public Builder arenaSize(long bytes) {
            if (bytes <= 0 || bytes % 4096 != 0) {
                throw new IllegalArgumentException("arena size must be a positive multiple of 4096 bytes, got "
                        + bytes);
            }
            this.arenaSize = bytes;
            return this;
        }

        /** @param whenEmpty block or fail when all arenas are lent; default {@link WhenEmpty#BLOCK} */
        public Builder whenEmpty(WhenEmpty whenEmpty) {
            this.whenEmpty = Objects.requireNonNull(whenEmpty, "whenEmpty");
            return this;
        }

        /** @param shared whether lent arenas may be used from any thread; default false (confined) */
        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        /** @param backing where regions come from; default {@link Backing#platformDefault()} */
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

        /** @return a new pool; no memory is reserved until the first {@code acquire} */
        public ArenaPool build() {
            return new ArenaPool(this);
        }
    }
}
