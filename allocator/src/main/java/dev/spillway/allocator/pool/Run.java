package dev.spillway.allocator.pool;

/**
 * Consecutive pages of a chunk given to one size class: {@link #slotCount} slots of {@link #slotSize} bytes for a
 * small class, exactly one slot for a normal class. All mutable state is guarded by the owning arena's lock.
 */
final class Run {

    final Chunk chunk;
    final int sizeClass;
    final long slotSize;
    final long start;
    final int firstPage;
    final int pages;
    final int slotCount;
    private final long[] freeSlots;
    int freeCount;
    Run prev;
    Run next;
    boolean listed;

    Run(Chunk chunk, int sizeClass, long slotSize, int firstPage, int pages, int slotCount) {
        this.chunk = chunk;
        this.sizeClass = sizeClass;
        this.slotSize = slotSize;
        this.firstPage = firstPage;
        this.pages = pages;
        this.start = chunk.base + ((long) firstPage << SizeClasses.PAGE_SHIFT);
        this.slotCount = slotCount;
        this.freeSlots = new long[(slotCount + 63) >>> 6];
        for (int i = 0; i < slotCount; i++) {
            freeSlots[i >>> 6] |= 1L << i;
        }
        this.freeCount = slotCount;
    }

    /** @return the address of a slot now taken; the run must have a free slot */
    long take() {
        for (int w = 0; w < freeSlots.length; w++) {
            long word = freeSlots[w];
            if (word != 0) {
                int bit = Long.numberOfTrailingZeros(word);
                freeSlots[w] = word & ~(1L << bit);
                freeCount--;
                return start + (((long) w << 6) + bit) * slotSize;
            }
        }
        throw new IllegalStateException("run of size class " + slotSize + " has no free slot");
    }

    /** @param address a slot of this run that is taken */
    void give(long address) {
        int index = (int) ((address - start) / slotSize);
        freeSlots[index >>> 6] |= 1L << index;
        freeCount++;
    }
}
