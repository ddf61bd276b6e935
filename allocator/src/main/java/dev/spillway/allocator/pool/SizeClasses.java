package dev.spillway.allocator.pool;

/**
 * jemalloc's size classes: multiples of 16 up to 64 bytes, then four classes per doubling
 * ({@code 2^k + j * 2^(k-2)}, {@code j = 1..4}), up to the chunk size. Rounding a request up costs at most 25%.
 * Classes below four pages are <em>small</em> (many slots share a run of pages); the others are <em>normal</em>
 * (one run of whole pages per allocation; every such class is a multiple of the page size).
 */
final class SizeClasses {

    static final int PAGE_SHIFT = 13;
    static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    static final long QUANTUM = 16;
    private static final long SMALL_LIMIT = 4 * PAGE_SIZE;
    private static final int MAX_RUN_PAGES_FOR_SMALL = 8;

    private final long[] sizes;
    private final int[] runPages;
    private final int[] slotsPerRun;
    private final int smallCount;

    SizeClasses(long chunkSize) {
        int count = indexOf(chunkSize) + 1;
        sizes = new long[count];
        runPages = new int[count];
        slotsPerRun = new int[count];
        int small = 0;
        for (int i = 0; i < count; i++) {
            long size = sizeOf(i);
            sizes[i] = size;
            if (size < SMALL_LIMIT) {
                small++;
                runPages[i] = bestRunPages(size);
                slotsPerRun[i] = (int) (runPages[i] * PAGE_SIZE / size);
            } else {
                runPages[i] = (int) (size >>> PAGE_SHIFT);
                slotsPerRun[i] = 1;
            }
        }
        smallCount = small;
    }

    /**
     * @param size a request, {@code 1 <= size}
     * @return the index of the smallest class that holds it
     */
    static int indexOf(long size) {
        if (size <= 64) {
            return (int) ((size + QUANTUM - 1) >>> 4) - 1;
        }
        int lg = 63 - Long.numberOfLeadingZeros(size - 1);
        long j = ((size - (1L << lg) - 1) >>> (lg - 2)) + 1;
        return 4 + (lg - 6) * 4 + (int) j - 1;
    }

    static long sizeOf(int index) {
        if (index < 4) {
            return (index + 1) * QUANTUM;
        }
        int lg = 6 + (index - 4) / 4;
        int j = (index - 4) % 4 + 1;
        return (1L << lg) + ((long) j << (lg - 2));
    }

    /** The run length, 1 to 8 pages, that wastes the smallest fraction of itself on the tail after the last slot. */
    private static int bestRunPages(long size) {
        int best = 1;
        double bestWaste = 1;
        for (int pages = 1; pages <= MAX_RUN_PAGES_FOR_SMALL; pages++) {
            long bytes = pages * PAGE_SIZE;
            if (bytes < size) {
                continue;
            }
            double waste = (double) (bytes % size) / bytes;
            if (waste < bestWaste - 1e-9) {
                best = pages;
                bestWaste = waste;
            }
        }
        return best;
    }

    int count() {
        return sizes.length;
    }

    long size(int index) {
        return sizes[index];
    }

    boolean isSmall(int index) {
        return index < smallCount;
    }

    int runPages(int index) {
        return runPages[index];
    }

    int slotsPerRun(int index) {
        return slotsPerRun[index];
    }
}
