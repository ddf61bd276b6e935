package dev.spillway.allocator.buffer;

import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.internal.Sizes;
import dev.spillway.allocator.pool.Pool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An append-only off-heap buffer of entries {@code [u32 value length][u64 key][value bytes]}, after ristretto's
 * {@code z.Buffer}: appending returns the entry's offset, entries can be read by offset or iterated in order, and
 * the buffer can be sorted by key. It grows by doubling (copying into a larger allocation of its {@link Pool}) up
 * to its capacity limit.
 *
 * <p>Value views are bound to a confined FFM scope that the buffer closes whenever its memory moves (growth, sort)
 * or goes away (close), so a stale view throws {@link IllegalStateException} instead of reading freed memory.
 * Not thread-safe: like {@code z.Buffer} it belongs to one thread, the one that built it.
 *
 * <p>Offsets are only meaningful as returned by {@link #append} or iteration; {@link #read} checks that an entry
 * at the offset lies inside the buffer, not that it is an entry boundary.
 */
public final class OffHeapBuffer implements AutoCloseable, Iterable<Entry> {

    /** Bytes before each value: its length and its key. */
    public static final int HEADER_BYTES = 12;

    private static final ValueLayout.OfInt LENGTH = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong KEY = ValueLayout.JAVA_LONG_UNALIGNED;

    private final String name;
    private final Pool pool;
    private final boolean ownsPool;
    private final AutoCloseable pin;
    private final long capacityLimit;
    private MemorySegment storage;
    private Arena viewScope;
    private MemorySegment data;
    private long length;
    private long entries;
    private boolean closed;

    private OffHeapBuffer(Builder builder) {
        this.name = builder.name;
        this.ownsPool = builder.pool == null;
        this.pool = ownsPool ? Pool.builder().name(name).build() : builder.pool;
        this.pin = pool.pin("buffer '" + name + "'");
        this.capacityLimit = builder.capacityLimit;
        this.storage = pool.allocateUninitialized(Math.min(builder.initialCapacity, capacityLimit), name);
        this.viewScope = Arena.ofConfined();
        this.data = storage.reinterpret(viewScope, null);
    }

    /** @return a builder with the defaults described on its methods */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param key the entry's key
     * @param value its bytes, at most {@code Integer.MAX_VALUE} (lengths are stored as unsigned 32-bit)
     * @return the entry's offset
     * @throws ExhaustedException if the entry does not fit under the capacity limit
     */
    public long append(long key, byte[] value) {
        Objects.requireNonNull(value, "value");
        return append(key, MemorySegment.ofArray(value));
    }

    /**
     * @param key the entry's key
     * @param value its bytes, any segment, at most 4 GiB - 1 bytes
     * @return the entry's offset
     * @throws ExhaustedException if the entry does not fit under the capacity limit
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if the pool's budget has no room to grow
     */
    public long append(long key, MemorySegment value) {
        ensureOpen();
        long valueLength = value.byteSize();
        if (valueLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value length must be at most 4294967295 bytes, got " + valueLength);
        }
        long offset = length;
        ensureCapacity(offset + HEADER_BYTES + valueLength);
        data.set(LENGTH, offset, (int) valueLength);
        data.set(KEY, offset + 4, key);
        MemorySegment.copy(value, 0, data, offset + HEADER_BYTES, valueLength);
        length = offset + HEADER_BYTES + valueLength;
        entries++;
        return offset;
    }

    /**
     * @param offset an offset returned by {@link #append} or seen in iteration
     * @return the entry there
     * @throws IndexOutOfBoundsException if no entry at {@code offset} fits inside the buffer
     */
    public Entry read(long offset) {
        ensureOpen();
        if (offset < 0 || offset > length - HEADER_BYTES) {
            throw new IndexOutOfBoundsException("offset must be between 0 and " + (length - HEADER_BYTES)
                    + " (the buffer holds " + length + " bytes), got " + offset);
        }
        long valueLength = Integer.toUnsignedLong(data.get(LENGTH, offset));
        if (offset + HEADER_BYTES + valueLength > length) {
            throw new IndexOutOfBoundsException("no entry starts at offset " + offset + ": its length " + valueLength
                    + " would run past the buffer's " + length + " bytes");
        }
        return new Entry(offset, data.get(KEY, offset + 4), data.asSlice(offset + HEADER_BYTES, valueLength));
    }

    /** @param action called with every entry in order */
    @Override
    public void forEach(Consumer<? super Entry> action) {
        ensureOpen();
        for (long offset = 0; offset < length; ) {
            Entry entry = read(offset);
            action.accept(entry);
            offset += HEADER_BYTES + entry.value().byteSize();
        }
    }

    /** @return the entries in order; the buffer must not change during iteration */
    @Override
    public Iterator<Entry> iterator() {
        ensureOpen();
        long end = length;
        return new Iterator<>() {
            private long offset;

            @Override
            public boolean hasNext() {
                return offset < end;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no entry after offset " + offset);
                }
                Entry entry = read(offset);
                offset += HEADER_BYTES + entry.value().byteSize();
                return entry;
            }
        };
    }

    /**
     * Reorders the entries by key, compared as signed longs, keeping the order of equal keys. Offsets change; earlier views throw afterwards. Needs a second copy of the buffer while
     * it runs, and 16 bytes of heap per entry.
     */
    public void sortByKey() {
        ensureOpen();
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("cannot sort more than " + (Integer.MAX_VALUE - 8) + " entries, the buffer"
                    + " holds " + entries);
        }
        int count = (int) entries;
        long[] keys = new long[count];
        long[] offsets = new long[count];
        int i = 0;
        for (long offset = 0; offset < length; i++) {
            keys[i] = data.get(KEY, offset + 4);
            offsets[i] = offset;
            offset += HEADER_BYTES + Integer.toUnsignedLong(data.get(LENGTH, offset));
        }
        KeySort.sort(keys, offsets);
        MemorySegment sorted = pool.allocateUninitialized(storage.byteSize(), name);
        long target = 0;
        for (int e = 0; e < count; e++) {
            long size = HEADER_BYTES + Integer.toUnsignedLong(data.get(LENGTH, offsets[e]));
            MemorySegment.copy(data, offsets[e], sorted, target, size);
            target += size;
        }
        replaceStorage(sorted);
    }

    /** @return the number of entries */
    public long size() {
        return entries;
    }

    /** @return bytes used by entries and their headers */
    public long byteSize() {
        return length;
    }

    /** @return bytes allocated now */
    public long capacity() {
        return storage.byteSize();
    }

    /** @return the most bytes the buffer may grow to */
    public long capacityLimit() {
        return capacityLimit;
    }

    /**
     * Frees the buffer's memory; views throw afterwards.
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        if (closed) {
            throw new IllegalStateException("buffer '" + name + "' is already closed");
        }
        closed = true;
        viewScope.close();
        pool.free(storage);
        try {
            pin.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (ownsPool) {
            pool.close();
        }
    }

    private void ensureCapacity(long needed) {
        long capacity = storage.byteSize();
        if (needed <= capacity) {
            return;
        }
        if (needed > capacityLimit) {
            throw new ExhaustedException("buffer '" + name + "' cannot grow to " + needed + " bytes: its capacity"
                    + " limit is " + capacityLimit + " bytes (" + length + " in use)");
        }
        long grown = Math.min(capacityLimit, Math.max(needed, capacity <= capacityLimit / 2 ? capacity * 2 : needed));
        MemorySegment larger = pool.allocateUninitialized(grown, name);
        MemorySegment.copy(data, 0, larger, 0, length);
        replaceStorage(larger);
    }

    private void replaceStorage(MemorySegment replacement) {
        viewScope.close();
        pool.free(storage);
        storage = replacement;
        viewScope = Arena.ofConfined();
        data = storage.reinterpret(viewScope, null);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("buffer '" + name + "' is closed");
        }
    }

    /** Configures an {@link OffHeapBuffer}. */
    public static final class Builder {
        private String name = "buffer";
        private Pool pool;
        private long initialCapacity = 64L << 10;
        private long capacityLimit = Pool.MAX_ALLOCATION;

        private Builder() {
        }

        /** @param name names the buffer in messages and tags its pool memory; default {@code "buffer"} */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("buffer name must not be blank, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param pool where memory comes from; default a pool of the buffer's own, closed with it */
        public Builder pool(Pool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** @param bytes the first allocation, at least 64; default 64 KiB */
        public Builder initialCapacity(long bytes) {
            Sizes.checkSize("initial capacity", bytes, Pool.MAX_ALLOCATION);
            this.initialCapacity = Math.max(64, bytes);
            return this;
        }

        /** @param bytes the most the buffer may grow to, at least 64; default unlimited */
        public Builder capacityLimit(long bytes) {
            Sizes.checkAtLeast("capacity limit", bytes, 64);
            this.capacityLimit = bytes;
            return this;
        }

        /** @return a new buffer with its initial capacity allocated */
        public OffHeapBuffer build() {
            return new OffHeapBuffer(this);
        }
    }
}
