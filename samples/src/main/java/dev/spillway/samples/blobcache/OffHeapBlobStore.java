package dev.spillway.samples.blobcache;

import dev.spillway.allocator.pool.Pool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The same cache with its memory managed by hand in the allocator's {@link Pool}, as Go caches do
 * with jemalloc: the Java heap holds a handful of objects whatever the number of entries.
 *
 * <ul>
 *   <li>Small values are appended to slabs of {@value #SLAB_BYTES} bytes as {@code [int length][bytes]}.
 *       A replaced small value's bytes stay dead in their slab until the store closes: this cache is
 *       loaded once and read many times, so it does not compact.</li>
 *   <li>Values of {@value #LARGE_VALUE} bytes or more get a pool allocation of their own, freed when
 *       replaced.</li>
 *   <li>The index is an open-addressing table of {@code [long uid][long location]} pairs in one pool
 *       segment, probed linearly, at most half full, doubled and rehashed when it would be fuller.
 *       A location of 0 marks a free slot; others are {@code (slab + 1) << 32 | offset} for small
 *       values and {@code LARGE | index} for large ones.</li>
 * </ul>
 */
public final class OffHeapBlobStore implements BlobStore {

    static final int SLAB_BYTES = 1 << 20;
    static final int LARGE_VALUE = 64 * 1024;
    private static final long LARGE = 1L << 62;
    private static final int SLOT_BYTES = 16;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Pool pool;
    private final List<MemorySegment> slabs = new ArrayList<>();
    private final List<MemorySegment> large = new ArrayList<>();
    private MemorySegment table;
    private long capacity;
    private long entries;
    private int slabOffset = SLAB_BYTES;

    public OffHeapBlobStore(Pool pool, int expectedEntries) {
        this.pool = pool;
        this.capacity = Long.highestOneBit(Math.max(16, (long) expectedEntries * 2 - 1)) << 1;
        this.table = pool.allocate(capacity * SLOT_BYTES, "blobcache-index");
    }

    @Override
    public void put(long uid, byte[] value, int offset, int length) {
        if ((entries + 1) * 2 > capacity) {
            grow();
        }
        long slot = find(uid);
        long previous = table.get(LONG, slot * SLOT_BYTES + 8);
        long location;
        if (length >= LARGE_VALUE) {
            MemorySegment segment = pool.allocateUninitialized(length, "blobcache-large");
            MemorySegment.copy(value, offset, segment, ValueLayout.JAVA_BYTE, 0, length);
            if (previous != 0 && (previous & LARGE) != 0) {
                int index = (int) (previous & ~LARGE);
                pool.free(large.get(index));
                large.set(index, segment);
                location = previous;
            } else {
                large.add(segment);
                location = LARGE | (large.size() - 1);
            }
        } else {
            if (previous != 0 && (previous & LARGE) != 0) {
                int index = (int) (previous & ~LARGE);
                pool.free(large.get(index));
                large.set(index, MemorySegment.NULL);
            }
            location = append(value, offset, length);
        }
        if (previous == 0) {
            entries++;
            table.set(LONG, slot * SLOT_BYTES, uid);
        }
        table.set(LONG, slot * SLOT_BYTES + 8, location);
    }

    @Override
    public long crc32c(long uid) {
        long location = table.get(LONG, find(uid) * SLOT_BYTES + 8);
        if (location == 0) {
            return -1;
        }
        MemorySegment value;
        if ((location & LARGE) != 0) {
            value = large.get((int) (location & ~LARGE));
        } else {
            MemorySegment slab = slabs.get((int) (location >>> 32) - 1);
            int at = (int) location;
            value = slab.asSlice(at + Integer.BYTES, slab.get(INT, at));
        }
        CRC32C crc = new CRC32C();
        crc.update(value.asByteBuffer());
        return crc.getValue();
    }

    /** The slot holding {@code uid}, or the free slot where it would go. */
    private long find(long uid) {
        long mask = capacity - 1;
        long slot = mix(uid) & mask;
        while (true) {
            long offset = slot * SLOT_BYTES;
            if (table.get(LONG, offset + 8) == 0 || table.get(LONG, offset) == uid) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private long append(byte[] value, int offset, int length) {
        if (slabOffset + Integer.BYTES + length > SLAB_BYTES) {
            slabs.add(pool.allocateUninitialized(SLAB_BYTES, "blobcache-slab"));
            slabOffset = 0;
        }
        MemorySegment slab = slabs.getLast();
        int at = slabOffset;
        slab.set(INT, at, length);
        MemorySegment.copy(value, offset, slab, ValueLayout.JAVA_BYTE, at + Integer.BYTES, length);
        slabOffset += Integer.BYTES + length;
        return ((long) slabs.size() << 32) | at;
    }

    private void grow() {
        MemorySegment old = table;
        long oldCapacity = capacity;
        capacity = oldCapacity * 2;
        table = pool.allocate(capacity * SLOT_BYTES, "blobcache-index");
        for (long slot = 0; slot < oldCapacity; slot++) {
            long location = old.get(LONG, slot * SLOT_BYTES + 8);
            if (location != 0) {
                long uid = old.get(LONG, slot * SLOT_BYTES);
                long target = find(uid);
                table.set(LONG, target * SLOT_BYTES, uid);
                table.set(LONG, target * SLOT_BYTES + 8, location);
            }
        }
        pool.free(old);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    @Override
    public long entries() {
        return entries;
    }

    @Override
    public long offHeapBytes() {
        long bytes = table.byteSize() + (long) slabs.size() * SLAB_BYTES;
        for (MemorySegment segment : large) {
            bytes += segment.byteSize();
        }
        return bytes;
    }

    /** Frees every segment; the pool stays open, it belongs to the caller. */
    @Override
    public void close() {
        for (MemorySegment segment : large) {
            if (segment.byteSize() > 0) {
                pool.free(segment);
            }
        }
        large.clear();
        slabs.forEach(pool::free);
        slabs.clear();
        pool.free(table);
        table = MemorySegment.NULL;
        entries = 0;
    }
}
