package dev.spillway.allocator.pool;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.LeakReport;
import dev.spillway.allocator.OffHeapBudget;
import dev.spillway.allocator.OffHeapLimitExceededException;
import dev.spillway.allocator.backing.Backing;
import dev.spillway.allocator.backing.MemorySource;
import dev.spillway.allocator.internal.AllocationRecords;
import dev.spillway.allocator.internal.Zeroing;
import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.jfr.AllocatorEvents;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A size-classed off-heap pool, after jemalloc and Netty's {@code PooledByteBufAllocator}.
 *
 * <p>Requests up to the chunk size are rounded up to a {@linkplain SizeClasses size class}. Chunks (4 MiB by
 * default, aligned to their size) are reserved from the {@link Backing} and carved into runs of 8 KiB pages:
 * a small class shares a run among many slots, a normal class takes one run per allocation. Each thread keeps a
 * cache of free slots per class and refills or flushes it in batches from one of several arenas, so most
 * allocations and frees take no lock. Requests above the chunk size are huge: reserved from the backing on their
 * own and given back on free.
 *
 * <p>Every segment returned has {@code byteSize()} equal to the request and lives in an FFM scope that the pool
 * closes when the memory goes back to the backing, so a stale segment throws {@link IllegalStateException} rather
 * than reading unmapped memory. With {@linkplain Builder#debug debug} on, each allocation has a scope of its own,
 * closed by {@link #free}, so any use after free throws, and freed memory is poisoned with {@code 0xDD}.
 *
 * <p>{@link #free} may be called from any thread. Freeing a segment that is not currently allocated from this
 * pool (a double free, a slice, a segment of other memory) throws {@link IllegalArgumentException} and changes
 * nothing. Without debug, a double free is caught while the slot is free; once the slot has been handed out again,
 * only debug mode can tell the stale segment from the new one.
 *
 * <p>Bytes are reserved from the pool's {@link OffHeapBudget} before each chunk or huge mapping, so an allocation
 * that would pass the limit throws {@link dev.spillway.allocator.OffHeapLimitExceededException}.
 */
public final class Pool implements AutoCloseable {

    /** The largest single allocation accepted, far beyond any machine's memory: 2^48 bytes. */
    public static final long MAX_ALLOCATION = 1L << 48;

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());
    private static final byte POISON = (byte) 0xDD;
    private static final int CLOSED = -1;

    private record Huge(MemorySegment region, Arena scope, long reserved) {
    }

    private final String name;
    private final MemorySource source;
    private final OffHeapBudget budget;
    private final long chunkSize;
    private final int chunkShift;
    private final SizeClasses classes;
    private final PoolArena[] arenas;
    private final ChunkDirectory directory;
    private final long maxCachedSize;
    private final long cacheBytesPerClass;
    private final boolean debug;
    private final LeakDetection leakDetection;
    private final AllocationRecords records;
    private final boolean recordEveryAllocation;
    private final Consumer<LeakReport> leakHandler;
    private final ThreadLocal<ThreadCache> caches = ThreadLocal.withInitial(this::newCache);
    private final Set<ThreadCache> liveCaches = ConcurrentHashMap.newKeySet();
    private final long[] retiredAllocations;
    private final long[] retiredFrees;
    private final ConcurrentHashMap<Long, Huge> huge = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Arena> debugScopes = new ConcurrentHashMap<>();
    private final LongAdder hugeAllocations = new LongAdder();
    private final LongAdder hugeFrees = new LongAdder();
    private final LongAdder hugeUsedBytes = new LongAdder();
    private final AtomicLong reservedBytes = new AtomicLong();
    private final AtomicLong peakUsedBytes = new AtomicLong();
    private final Metric metric = new Metric();
    private final AutoCloseable eventRegistration;
    /** Pins held, or {@link #CLOSED}: one atomic word so that pinning and closing cannot interleave. */
    private final AtomicInteger pinState = new AtomicInteger();
    private volatile boolean closed;

    private Pool(Builder builder) {
        this.name = builder.name;
        this.source = builder.backing.open();
        this.budget = builder.budget;
        this.chunkSize = builder.chunkSize;
        this.chunkShift = Long.numberOfTrailingZeros(chunkSize);
        this.classes = new SizeClasses(chunkSize);
        this.directory = new ChunkDirectory(chunkShift);
        this.maxCachedSize = builder.threadCache ? builder.threadCacheMaxSize : 0;
        this.cacheBytesPerClass = builder.threadCacheBytesPerClass;
        this.debug = builder.debug;
        this.leakDetection = builder.leakDetection;
        this.records = new AllocationRecords(builder.leakDetection, builder.leakSamplingInterval);
        this.recordEveryAllocation = records.samplesTraces();
        this.leakHandler = builder.leakHandler;
        this.retiredAllocations = new long[classes.count()];
        this.retiredFrees = new long[classes.count()];
        this.arenas = new PoolArena[builder.arenas];
        for (int i = 0; i < arenas.length; i++) {
            arenas[i] = new PoolArena(this, classes, builder.retainedEmptyChunks);
        }
        this.eventRegistration = AllocatorEvents.register(metric);
    }

    /** @return a builder with the defaults described on its methods */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param size bytes, {@code 1 <= size <= MAX_ALLOCATION}
     * @return zeroed memory of exactly {@code size} bytes, aligned to at least 16 bytes
     * @throws IllegalArgumentException if {@code size} is out of range
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if the budget has no room
     * @throws IllegalStateException if the pool is closed
     */
    public MemorySegment allocate(long size) {
        return allocate(size, null, true);
    }

    /**
     * As {@link #allocate(long)}, and counts the bytes under {@code tag} until freed (see
     * {@link AllocatorMetric#usedBytesByTag()} and the leak report), like ristretto's {@code z.Calloc(n, tag)}.
     *
     * @param size bytes
     * @param tag a short label, e.g. the subsystem's name
     * @return zeroed memory of exactly {@code size} bytes
     */
    public MemorySegment allocate(long size, String tag) {
        return allocate(size, Objects.requireNonNull(tag, "tag"), true);
    }

    /**
     * As {@link #allocate(long)} without zeroing: the contents are whatever was there (poison in debug mode).
     *
     * @param size bytes
     * @return memory of exactly {@code size} bytes
     */
    public MemorySegment allocateUninitialized(long size) {
        return allocate(size, null, false);
    }

    /**
     * As {@link #allocateUninitialized(long)}, counted under {@code tag} until freed.
     *
     * @param size bytes
     * @param tag a short label
     * @return memory of exactly {@code size} bytes
     */
    public MemorySegment allocateUninitialized(long size, String tag) {
        return allocate(size, Objects.requireNonNull(tag, "tag"), false);
    }

    /**
     * Keeps this pool from closing until the returned handle is closed. Components that bind the pool's memory to
     * FFM scopes of their own ({@code ScopedArena}, {@code OffHeapBuffer}) pin it, so that the pool cannot unmap
     * memory that their segments still reach; {@link #close()} refuses while pins are held.
     *
     * @param holder names the pin holder in the exception {@link #close()} throws
     * @return closes the pin, once
     * @throws IllegalStateException if the pool is closed
     */
    public AutoCloseable pin(String holder) {
        while (true) {
            int state = pinState.get();
            if (state < 0) {
                throw new IllegalStateException("pool '" + name + "' is closed");
            }
            if (pinState.compareAndSet(state, state + 1)) {
                break;
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (!released.compareAndSet(false, true)) {
                throw new IllegalStateException("pin of pool '" + name + "' by " + holder + " is already released");
            }
            pinState.decrementAndGet();
        };
    }

    /**
     * Gives memory back. Callable from any thread.
     *
     * @param segment exactly a segment returned by this pool's allocate methods, not yet freed
     * @throws IllegalArgumentException if it is not (double free, slice, foreign memory), naming the segment
     * @throws IllegalStateException if the pool is closed
     */
    public void free(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        long address = segment.address();
        Chunk chunk = segment.isNative() ? directory.find(address) : null;
        if (chunk == null) {
            freeHuge(segment);
            return;
        }
        if (debug) {
            Arena scope = debugScopes.get(address);
            if (scope == null || !scope.scope().equals(segment.scope())) {
                throw notAllocated(segment, scope == null ? "it was already freed, or never allocated"
                        : "it is a stale or copied segment; the slot now belongs to another allocation");
            }
        } else if (!chunk.scope.scope().equals(segment.scope())) {
            throw notAllocated(segment, null);
        }
        Run run = chunk.runOfPage[(int) ((address - chunk.base) >>> SizeClasses.PAGE_SHIFT)];
        if (run == null || (address - run.start) % run.slotSize != 0
                || SizeClasses.indexOf(Math.max(1, segment.byteSize())) != run.sizeClass) {
            throw notAllocated(segment, null);
        }
        if (!chunk.clearLive(address)) {
            throw notAllocated(segment, "it was already freed");
        }
        if (debug) {
            debugScopes.remove(address).close();
            chunk.memory.asSlice(address - chunk.base, run.slotSize).fill(POISON);
        }
        if (records.mayHaveRecords()) {
            records.removed(address);
        }
        ThreadCache cache = caches.get();
        int sizeClass = run.sizeClass;
        cache.countFree(sizeClass);
        int count = cache.counts[sizeClass];
        if (count == cache.capacity[sizeClass]) {
            if (count == 0) {
                freeToArena(chunk, address);
                return;
            }
            flush(cache, sizeClass, Math.max(1, count / 2));
            count = cache.counts[sizeClass];
        }
        cache.addresses[sizeClass][count] = address;
        cache.owners[sizeClass][count] = chunk;
        cache.counts[sizeClass] = count + 1;
    }

    /**
     * Gives memory back to the OS where the pool can: flushes the calling thread's cache and the caches of threads
     * that have ended, unmaps empty chunks, and (mmap backing) discards the free pages of the others.
     */
    public void trim() {
        ensureOpen();
        ThreadCache cache = caches.get();
        for (int sizeClass = 0; sizeClass < cache.counts.length; sizeClass++) {
            flush(cache, sizeClass, cache.counts[sizeClass]);
        }
        reclaimEndedThreads();
        for (PoolArena arena : arenas) {
            arena.trim(source.backing() == Backing.MMAP);
        }
    }

    /** @return read-only statistics of this pool, live */
    public AllocatorMetric metric() {
        return metric;
    }

    /** @return the pool's name */
    public String name() {
        return name;
    }

    /** @return the size of the chunks; larger allocations are huge */
    public long chunkSize() {
        return chunkSize;
    }

    /**
     * @param size a request, {@code 1 <= size <= chunkSize()}
     * @return the slot size that serves it
     */
    public long sizeClassOf(long size) {
        Sizes.checkSize("size", size, chunkSize);
        return classes.size(SizeClasses.indexOf(size));
    }

    /** @return what is not freed now, as the close would report it */
    public LeakReport leakReport() {
        Map<Long, Long> bySizeClass = new HashMap<>();
        for (AllocatorMetric.SizeClassMetric sizeClass : metric.sizeClasses()) {
            if (sizeClass.inUse() != 0) {
                bySizeClass.put(sizeClass.size(), sizeClass.inUse() * sizeClass.size());
            }
        }
        long hugeInUse = hugeAllocations.sum() - hugeFrees.sum();
        if (hugeInUse != 0) {
            bySizeClass.put(-1L, hugeUsedBytes.sum());
        }
        return records.report(name, metric.allocations() - metric.frees(), metric.usedBytes(), bySizeClass);
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps everything: every segment from this pool throws {@link IllegalStateException} afterwards. What was
     * not freed is reported to the leak handler unless leak detection is {@link LeakDetection#DISABLED}.
     *
     * @throws IllegalStateException if already closed, or if {@linkplain #pin pinned} (nothing is closed then)
     */
    @Override
    public void close() {
        if (!pinState.compareAndSet(0, CLOSED)) {
            int state = pinState.get();
            if (state < 0) {
                throw new IllegalStateException("pool '" + name + "' is already closed");
            }
            throw new IllegalStateException("pool '" + name + "' cannot close: " + state + " scoped arena(s) or"
                    + " buffer(s) built on it are still open; close them first");
        }
        closed = true;
        LeakReport report = leakReport();
        for (PoolArena arena : arenas) {
            arena.closeAll();
        }
        huge.keySet().forEach(address -> {
            Huge mapping = huge.remove(address);
            if (mapping != null) {
                releaseHuge(mapping);
            }
        });
        debugScopes.values().forEach(Arena::close);
        debugScopes.clear();
        try {
            eventRegistration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (leakDetection != LeakDetection.DISABLED && report.hasLeaks()) {
            leakHandler.accept(report);
        }
    }

    @Override
    public String toString() {
        return "Pool[" + name + ", " + source.backing().label() + ", used " + metric.usedBytes() + " of reserved "
                + metric.reservedBytes() + " bytes]";
    }

    private MemorySegment allocate(long size, String tag, boolean zeroed) {
        if (size <= 0 || size > MAX_ALLOCATION) {
            Sizes.checkSize("allocation size", size, MAX_ALLOCATION);
        }
        ensureOpen();
        if (size > chunkSize) {
            return allocateHuge(size, tag, zeroed);
        }
        int sizeClass = SizeClasses.indexOf(size);
        ThreadCache cache = caches.get();
        int count = cache.counts[sizeClass];
        boolean refilled = count == 0;
        if (refilled) {
            count = refill(cache, sizeClass);
        }
        count--;
        long address = cache.addresses[sizeClass][count];
        Chunk chunk = cache.owners[sizeClass][count];
        cache.owners[sizeClass][count] = null;
        cache.counts[sizeClass] = count;
        if (!chunk.markLive(address)) {
            throw new IllegalStateException("pool '" + name + "' corrupted: slot at 0x" + Long.toHexString(address)
                    + " is in a cache and in use");
        }
        MemorySegment segment;
        if (debug) {
            Arena scope = Arena.ofShared();
            debugScopes.put(address, scope);
            segment = chunk.region.asSlice(address - chunk.base, size).reinterpret(scope, null);
        } else {
            segment = chunk.memory.asSlice(address - chunk.base, size);
        }
        if (zeroed) {
            Zeroing.zero(segment);
        }
        cache.countAllocation(sizeClass);
        if (tag != null || recordEveryAllocation) {
            records.allocated(address, classes.size(sizeClass), tag);
        }
        if (refilled) {
            samplePeak();
        }
        return segment;
    }

    private int refill(ThreadCache cache, int sizeClass) {
        int wanted = Math.max(1, cache.capacity[sizeClass] / 2);
        int taken;
        try {
            taken = allocateFromArena(cache.arena, sizeClass, wanted, cache);
        } catch (OffHeapLimitExceededException e) {
            // Memory resting in caches and empty chunks may be enough: give it back and try once more.
            trim();
            taken = allocateFromArena(cache.arena, sizeClass, wanted, cache);
        }
        cache.counts[sizeClass] = taken;
        return taken;
    }

    private int allocateFromArena(PoolArena arena, int sizeClass, int wanted, ThreadCache cache) {
        arena.lock.lock();
        try {
            return arena.allocate(sizeClass, wanted, cache.addresses[sizeClass], cache.owners[sizeClass]);
        } finally {
            arena.lock.unlock();
        }
    }

    private void flush(ThreadCache cache, int sizeClass, int count) {
        long[] addresses = cache.addresses[sizeClass];
        Chunk[] owners = cache.owners[sizeClass];
        PoolArena locked = null;
        try {
            for (int i = 0; i < count; i++) {
                PoolArena arena = owners[i].arena;
                if (arena != locked) {
                    if (locked != null) {
                        locked.lock.unlock();
                    }
                    arena.lock.lock();
                    locked = arena;
                }
                arena.free(owners[i], addresses[i]);
            }
        } finally {
            if (locked != null) {
                locked.lock.unlock();
            }
        }
        // The oldest entries went back; the hot ones move down.
        int remaining = cache.counts[sizeClass] - count;
        System.arraycopy(addresses, count, addresses, 0, remaining);
        System.arraycopy(owners, count, owners, 0, remaining);
        Arrays.fill(owners, remaining, remaining + count, null);
        cache.counts[sizeClass] = remaining;
    }

    private void freeToArena(Chunk chunk, long address) {
        chunk.arena.lock.lock();
        try {
            chunk.arena.free(chunk, address);
        } finally {
            chunk.arena.lock.unlock();
        }
    }

    private MemorySegment allocateHuge(long size, String tag, boolean zeroed) {
        long reserved = Sizes.roundUp(size, SizeClasses.PAGE_SIZE);
        budget.reserve("pool '" + name + "'", reserved);
        MemorySegment region;
        try {
            region = source.reserve(reserved, SizeClasses.PAGE_SIZE);
        } catch (RuntimeException | Error e) {
            budget.release(reserved);
            throw e;
        }
        Arena scope = Arena.ofShared();
        MemorySegment segment = region.asSlice(0, size).reinterpret(scope, null);
        if (zeroed && !source.reservesZeroed()) {
            Zeroing.zero(segment);
        }
        Huge mapping = new Huge(region, scope, reserved);
        huge.put(region.address(), mapping);
        reservedBytes.addAndGet(reserved);
        if (closed && huge.remove(region.address(), mapping)) {
            // close() ran while this was being mapped and did not see it.
            releaseHuge(mapping);
            ensureOpen();
        }
        hugeAllocations.increment();
        hugeUsedBytes.add(reserved);
        if (tag != null || recordEveryAllocation) {
            records.allocated(region.address(), reserved, tag);
        }
        AllocatorEvents.chunkMapped(name, source.backing().label(), reserved, true);
        samplePeak();
        return segment;
    }

    private void freeHuge(MemorySegment segment) {
        Huge mapping = huge.get(segment.address());
        if (mapping == null || !mapping.scope().scope().equals(segment.scope())
                || segment.byteSize() > mapping.reserved() || !huge.remove(segment.address(), mapping)) {
            throw notAllocated(segment, null);
        }
        if (records.mayHaveRecords()) {
            records.removed(segment.address());
        }
        hugeFrees.increment();
        hugeUsedBytes.add(-mapping.reserved());
        releaseHuge(mapping);
    }

    private void releaseHuge(Huge mapping) {
        mapping.scope().close();
        source.release(mapping.region());
        reservedBytes.addAndGet(-mapping.reserved());
        budget.release(mapping.reserved());
        AllocatorEvents.chunkUnmapped(name, source.backing().label(), mapping.reserved(), true);
    }

    /** Called by an arena under its lock. */
    Chunk mapChunk(PoolArena arena) {
        if (closed) {
            throw new IllegalStateException("pool '" + name + "' is closed");
        }
        budget.reserve("pool '" + name + "'", chunkSize);
        MemorySegment region;
        try {
            region = source.reserve(chunkSize, chunkSize);
        } catch (RuntimeException | Error e) {
            budget.release(chunkSize);
            throw e;
        }
        Chunk chunk = new Chunk(arena, region, chunkShift);
        directory.add(chunk);
        reservedBytes.addAndGet(chunkSize);
        AllocatorEvents.chunkMapped(name, source.backing().label(), chunkSize, false);
        return chunk;
    }

    void unmapChunk(Chunk chunk) {
        directory.remove(chunk);
        chunk.scope.close();
        source.release(chunk.region);
        reservedBytes.addAndGet(-chunkSize);
        budget.release(chunkSize);
        AllocatorEvents.chunkUnmapped(name, source.backing().label(), chunkSize, false);
    }

    void discard(Chunk chunk, int firstPage, int pages) {
        source.discard(chunk.region.asSlice((long) firstPage << SizeClasses.PAGE_SHIFT,
                (long) pages << SizeClasses.PAGE_SHIFT));
    }

    private ThreadCache newCache() {
        PoolArena arena = arenas[0];
        for (PoolArena candidate : arenas) {
            if (candidate.threads.get() < arena.threads.get()) {
                arena = candidate;
            }
        }
        arena.threads.incrementAndGet();
        ThreadCache cache = new ThreadCache(Thread.currentThread(), arena, classes, maxCachedSize, cacheBytesPerClass);
        liveCaches.add(cache);
        return cache;
    }

    /** Returns the cached slots of threads that have ended to their arenas and keeps their counters. */
    private void reclaimEndedThreads() {
        for (ThreadCache cache : liveCaches) {
            if (cache.owner.isAlive() || !liveCaches.remove(cache)) {
                continue;
            }
            for (int sizeClass = 0; sizeClass < cache.counts.length; sizeClass++) {
                flush(cache, sizeClass, cache.counts[sizeClass]);
            }
            synchronized (retiredAllocations) {
                for (int sizeClass = 0; sizeClass < retiredAllocations.length; sizeClass++) {
                    retiredAllocations[sizeClass] += cache.allocations(sizeClass);
                    retiredFrees[sizeClass] += cache.frees(sizeClass);
                }
            }
            cache.arena.threads.decrementAndGet();
        }
    }

    private void samplePeak() {
        long used = usedBytesNow();
        if (used > peakUsedBytes.get()) {
            peakUsedBytes.accumulateAndGet(used, Math::max);
        }
    }

    /** Bytes of slots in users' hands, summed without allocating: it runs on refills. */
    private long usedBytesNow() {
        long used = hugeUsedBytes.sum();
        synchronized (retiredAllocations) {
            for (int i = 0; i < retiredAllocations.length; i++) {
                used += (retiredAllocations[i] - retiredFrees[i]) * classes.size(i);
            }
        }
        for (ThreadCache cache : liveCaches) {
            for (int i = 0; i < retiredAllocations.length; i++) {
                used += (cache.allocations(i) - cache.frees(i)) * classes.size(i);
            }
        }
        return used;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("pool '" + name + "' is closed");
        }
    }

    private IllegalArgumentException notAllocated(MemorySegment segment, String why) {
        return new IllegalArgumentException("cannot free " + segment + " (address 0x"
                + Long.toHexString(segment.address()) + ", " + segment.byteSize() + " bytes) into pool '" + name
                + "': " + (why != null ? why : "it is not a segment this pool allocated and has not freed")
                + "; pass exactly the segment allocate returned, once");
    }

    /** Sums per-thread counters; see {@link AllocatorMetric} for how consistent the values are. */
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
            return reservedBytes.get();
        }

        @Override
        public long usedBytes() {
            long used = usedBytesNow();
            peakUsedBytes.accumulateAndGet(used, Math::max);
            return used;
        }

        @Override
        public long peakUsedBytes() {
            return peakUsedBytes.accumulateAndGet(usedBytes(), Math::max);
        }

        @Override
        public long limitBytes() {
            return budget.isLimited() ? budget.limitBytes() : 0;
        }

        @Override
        public long allocations() {
            return hugeAllocations.sum() + sizeClasses().stream().mapToLong(SizeClassMetric::allocations).sum();
        }

        @Override
        public long frees() {
            return hugeFrees.sum() + sizeClasses().stream().mapToLong(SizeClassMetric::frees).sum();
        }

        @Override
        public Map<String, Long> usedBytesByTag() {
            return records.usedBytesByTag();
        }

        @Override
        public List<SizeClassMetric> sizeClasses() {
            long[] allocations;
            long[] frees;
            synchronized (retiredAllocations) {
                allocations = retiredAllocations.clone();
                frees = retiredFrees.clone();
            }
            for (ThreadCache cache : liveCaches) {
                for (int i = 0; i < allocations.length; i++) {
                    allocations[i] += cache.allocations(i);
                    frees[i] += cache.frees(i);
                }
            }
            List<SizeClassMetric> result = new ArrayList<>(allocations.length);
            for (int i = 0; i < allocations.length; i++) {
                result.add(new SizeClassMetric(classes.size(i), allocations[i], frees[i]));
            }
            result.sort(Comparator.comparingLong(SizeClassMetric::size));
            return result;
        }
    }

    /** Configures a {@link Pool}. Not thread-safe; a builder may build several pools. */
    public static final class Builder {

        private String name = "pool";
        private Backing backing = Backing.platformDefault();
        private OffHeapBudget budget = OffHeapBudget.unlimited();
        private long chunkSize = 4L << 20;
        private int arenas = Math.min(8, Runtime.getRuntime().availableProcessors());
        private boolean threadCache = true;
        private long threadCacheMaxSize = 1L << 20;
        private long threadCacheBytesPerClass = 256L << 10;
        private int retainedEmptyChunks = 1;
        private boolean debug;
        private LeakDetection leakDetection = LeakDetection.SIMPLE;
        private long leakSamplingInterval = 128;
        private Consumer<LeakReport> leakHandler =
                report -> LOG.log(System.Logger.Level.WARNING, report.describe());

        private Builder() {
        }

        /** @param name names the pool in statistics, events and messages; default {@code "pool"} */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("pool name must not be blank, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param backing where chunks come from; default {@link Backing#platformDefault()} */
        public Builder backing(Backing backing) {
            this.backing = Objects.requireNonNull(backing, "backing");
            return this;
        }

        /** @param limitBytes a limit of this pool's own; see {@link #budget} to share one among allocators */
        public Builder limit(long limitBytes) {
            this.budget = OffHeapBudget.limitedTo(limitBytes);
            return this;
        }

        /** @param budget an off-heap budget shared with other allocators; default unlimited */
        public Builder budget(OffHeapBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** @param bytes chunk size, a power of two from 64 KiB to 1 GiB; default 4 MiB */
        public Builder chunkSize(long bytes) {
            Sizes.checkPowerOfTwo("chunk size", bytes);
            if (bytes < (64 << 10) || bytes > (1L << 30)) {
                throw new IllegalArgumentException("chunk size must be between 65536 and 1073741824 bytes, got "
                        + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /** @param count arenas, each with its own lock and chunks, at least 1; default the CPU count, at most 8 */
        public Builder arenas(int count) {
            Sizes.checkAtLeast("arena count", count, 1);
            this.arenas = count;
            return this;
        }

        /** @param enabled whether threads cache free slots; default true */
        public Builder threadCache(boolean enabled) {
            this.threadCache = enabled;
            return this;
        }

        /** @param bytes the largest size class a thread caches; default 1 MiB */
        public Builder threadCacheMaxSize(long bytes) {
            Sizes.checkAtLeast("thread cache max size", bytes, 0);
            this.threadCacheMaxSize = bytes;
            return this;
        }

        /**
         * @param bytes how many bytes of one size class a thread may cache (at least one slot, at most 128);
         *     default 256 KiB
         */
        public Builder threadCacheBytesPerClass(long bytes) {
            Sizes.checkAtLeast("thread cache bytes per class", bytes, 1);
            this.threadCacheBytesPerClass = bytes;
            return this;
        }

        /** @param count empty chunks each arena keeps mapped for reuse; default 1 */
        public Builder retainedEmptyChunks(int count) {
            Sizes.checkAtLeast("retained empty chunks", count, 0);
            this.retainedEmptyChunks = count;
            return this;
        }

        /** @param enabled poisoning and a scope per allocation, so use after free throws; default false */
        public Builder debug(boolean enabled) {
            this.debug = enabled;
            return this;
        }

        /** @param level what a leak report contains; default {@link LeakDetection#SIMPLE} */
        public Builder leakDetection(LeakDetection level) {
            this.leakDetection = Objects.requireNonNull(level, "level");
            return this;
        }

        /** @param interval at {@link LeakDetection#ADVANCED}, one allocation in this many records its stack */
        public Builder leakSamplingInterval(long interval) {
            Sizes.checkAtLeast("leak sampling interval", interval, 1);
            this.leakSamplingInterval = interval;
            return this;
        }

        /** @param handler receives the leak report on close; default a warning on {@link System.Logger} */
        public Builder leakHandler(Consumer<LeakReport> handler) {
            this.leakHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * @return a new pool
         * @throws dev.spillway.allocator.backing.BackingUnavailableException if the backing cannot work here
         */
        public Pool build() {
            return new Pool(this);
        }
    }
}
