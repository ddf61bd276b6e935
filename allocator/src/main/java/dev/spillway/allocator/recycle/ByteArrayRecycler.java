package dev.spillway.allocator.recycle;

import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.jfr.AllocatorEvents;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Recycles heap {@code byte[]} so that a hot site stops allocating them. Because a caller that replaces
 * {@code new byte[n]} needs {@code array.length == n}, arrays rest in bins keyed by their <em>exact</em> length
 * rather than in rounded size classes; a site uses a handful of lengths, so a handful of bins serve it.
 *
 * <p>Bounds: the bytes of resting arrays never exceed {@code maxPooledBytes}; each bin holds at most
 * {@code maxArraysPerLength}. A release that would pass the bound first evicts arrays from the least recently
 * used other bin, and otherwise drops the array for the GC.
 *
 * <p>Ownership: an array rests in exactly one bin (its length's) and is lent to one caller at a time. A release of
 * an array that is already resting is <em>detected and ignored</em> (counted in
 * {@link RecyclerMetric#doubleReleases()}), so a double release can never lend one array twice. A release after
 * the array has been lent again cannot be told from the new borrower's release, as with {@code free} in C:
 * release each array once.
 *
 * <p>Fast path: each thread remembers the bins it used last, so a borrow or release is a bin lock, a pop or push
 * and, for a borrow, zeroing the array. Thread-safe.
 */
public final class ByteArrayRecycler implements AutoCloseable {

    private static final int THREAD_HINTS = 8;

    private final String name;
    private final long maxPooledBytes;
    private final int maxArraysPerLength;
    private final int minLength;
    private final int maxLength;
    private final ConcurrentHashMap<Integer, Bin> bins = new ConcurrentHashMap<>();
    private final ThreadLocal<Bin[]> hints = ThreadLocal.withInitial(() -> new Bin[THREAD_HINTS]);
    private final AtomicLong pooledBytes = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final LongAdder borrows = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder returns = new LongAdder();
    private final LongAdder discards = new LongAdder();
    private final LongAdder doubleReleases = new LongAdder();
    private final Metric metric = new Metric();
    private final AutoCloseable eventRegistration;
    private volatile boolean closed;

    /** Arrays of one length; guarded by its own monitor. */
    private static final class Bin {
        final int length;
        final byte[][] arrays;
        int count;
        long lastUsed;

        Bin(int length, int capacity) {
            this.length = length;
            this.arrays = new byte[capacity][];
        }
    }

    private ByteArrayRecycler(Builder builder) {
        this.name = builder.name;
        this.maxPooledBytes = builder.maxPooledBytes;
        this.maxArraysPerLength = builder.maxArraysPerLength;
        this.minLength = builder.minLength;
        this.maxLength = (int) Math.min(builder.maxLength, builder.maxPooledBytes);
        this.eventRegistration = AllocatorEvents.register(metric);
    }

    /** @return a builder with the defaults described on its methods */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lends a zeroed array of exactly {@code length} bytes: a resting one if there is one, else a new one that the
     * recycler will keep when it is released.
     *
     * @param length the array's length, {@code >= 0}
     * @return a zeroed array with {@code array.length == length}, or {@code null} when this recycler does not pool
     *     that length (below {@code minLength}, above {@code maxLength} or {@code maxPooledBytes}); the caller then
     *     allocates the array itself
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws IllegalStateException if the recycler is closed
     */
    public byte[] tryAcquire(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must be >= 0, got " + length);
        }
        ensureOpen();
        borrows.increment();
        if (length < minLength || length > maxLength) {
            refusals.increment();
            return null;
        }
        Bin bin = bin(length);
        byte[] array = null;
        synchronized (bin) {
            if (bin.count > 0) {
                array = bin.arrays[--bin.count];
                bin.arrays[bin.count] = null;
                bin.lastUsed = clock.incrementAndGet();
            }
        }
        if (array == null) {
            misses.increment();
            return new byte[length];
        }
        pooledBytes.addAndGet(-length);
        hits.increment();
        Arrays.fill(array, (byte) 0);
        return array;
    }

    /**
     * Takes an array back for reuse, or drops it (see the class comment for when). The caller must not use the array
     * afterwards. After {@link #close()}, arrays are dropped.
     *
     * @param array an array to rest; arrays not lent by this recycler are welcome too
     */
    public void release(byte[] array) {
        Objects.requireNonNull(array, "array");
        int length = array.length;
        if (closed || length < minLength || length > maxLength) {
            discards.increment();
            return;
        }
        if (!makeRoom(length)) {
            discards.increment();
            return;
        }
        Bin bin = bin(length);
        boolean kept = false;
        boolean duplicate = false;
        synchronized (bin) {
            for (int i = 0; i < bin.count; i++) {
                if (bin.arrays[i] == array) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate && bin.count < bin.arrays.length) {
                bin.arrays[bin.count++] = array;
                bin.lastUsed = clock.incrementAndGet();
                kept = true;
            }
        }
        if (kept) {
            returns.increment();
            return;
        }
        pooledBytes.addAndGet(-length);
        discards.increment();
        if (duplicate) {
            doubleReleases.increment();
        }
    }

    /** @return read-only statistics, live */
    public RecyclerMetric metric() {
        return metric;
    }

    /** @return the recycler's name */
    public String name() {
        return name;
    }

    /**
     * Drops every resting array; later {@link #tryAcquire} throws and {@link #release} drops.
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        synchronized (bins) {
            if (closed) {
                throw new IllegalStateException("recycler '" + name + "' is already closed");
            }
            closed = true;
        }
        for (Bin bin : bins.values()) {
            synchronized (bin) {
                for (int i = 0; i < bin.count; i++) {
                    pooledBytes.addAndGet(-bin.length);
                    bin.arrays[i] = null;
                }
                bin.count = 0;
            }
        }
        try {
            eventRegistration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reserves {@code length} pooled bytes, evicting from the least recently used other bins if needed. */
    private boolean makeRoom(int length) {
        while (true) {
            long pooled = pooledBytes.get();
            if (pooled + length <= maxPooledBytes) {
                if (pooledBytes.compareAndSet(pooled, pooled + length)) {
                    return true;
                }
                continue;
            }
            if (!evictOne(length)) {
                return false;
            }
        }
    }

    private boolean evictOne(int forLength) {
        Bin victim = null;
        for (Bin bin : bins.values()) {
            if (bin.length != forLength && bin.count > 0 && (victim == null || bin.lastUsed < victim.lastUsed)) {
                victim = bin;
            }
        }
        if (victim == null) {
            return false;
        }
        synchronized (victim) {
            if (victim.count == 0) {
                return true;
            }
            victim.arrays[--victim.count] = null;
        }
        pooledBytes.addAndGet(-victim.length);
        discards.increment();
        return true;
    }

    private Bin bin(int length) {
        Bin[] threadHints = hints.get();
        int slot = (length ^ (length >>> 7)) & (THREAD_HINTS - 1);
        Bin bin = threadHints[slot];
        if (bin == null || bin.length != length) {
            bin = bins.computeIfAbsent(length, l -> new Bin(l, maxArraysPerLength));
            threadHints[slot] = bin;
        }
        return bin;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("recycler '" + name + "' is closed");
        }
    }

    private final class Metric implements RecyclerMetric {
        @Override
        public String name() {
            return name;
        }

        @Override
        public long pooledBytes() {
            return pooledBytes.get();
        }

        @Override
        public long limitBytes() {
            return maxPooledBytes;
        }

        @Override
        public long borrows() {
            return borrows.sum();
        }

        @Override
        public long hits() {
            return hits.sum();
        }

        @Override
        public long misses() {
            return misses.sum();
        }

        @Override
        public long refusals() {
            return refusals.sum();
        }

        @Override
        public long returns() {
            return returns.sum();
        }

        @Override
        public long discards() {
            return discards.sum();
        }

        @Override
        public long doubleReleases() {
            return doubleReleases.sum();
        }
    }

    /** Configures a {@link ByteArrayRecycler}. */
    public static final class Builder {
        private String name = "recycler";
        private long maxPooledBytes = 64L << 20;
        private int maxArraysPerLength = 32;
        private int minLength = 1;
        private long maxLength = Integer.MAX_VALUE - 8;

        private Builder() {
        }

        /** @param name names the recycler in statistics and events; default {@code "recycler"} */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("recycler name must not be blank, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param bytes the most bytes of arrays at rest, at least 1; default 64 MiB */
        public Builder maxPooledBytes(long bytes) {
            Sizes.checkAtLeast("max pooled bytes", bytes, 1);
            this.maxPooledBytes = bytes;
            return this;
        }

        /** @param count the most arrays of one length at rest, 1 to 4096; default 32 */
        public Builder maxArraysPerLength(int count) {
            if (count < 1 || count > 4096) {
                throw new IllegalArgumentException("max arrays per length must be between 1 and 4096, got " + count);
            }
            this.maxArraysPerLength = count;
            return this;
        }

        /** @param length the shortest array pooled, at least 0; shorter ones are refused; default 1 */
        public Builder minLength(int length) {
            Sizes.checkAtLeast("min length", length, 0);
            this.minLength = length;
            return this;
        }

        /** @param length the longest array pooled; longer ones are refused; default the VM's array limit */
        public Builder maxLength(int length) {
            Sizes.checkAtLeast("max length", length, 0);
            this.maxLength = length;
            return this;
        }

        /** @return a new recycler */
        public ByteArrayRecycler build() {
            if (minLength > maxLength) {
                throw new IllegalArgumentException("min length " + minLength + " exceeds max length " + maxLength);
            }
            return new ByteArrayRecycler(this);
        }
    }
}
