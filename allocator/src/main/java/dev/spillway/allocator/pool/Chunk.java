package dev.spillway.allocator.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A region of {@code chunkSize} bytes, aligned to its size, carved into pages of {@link SizeClasses#PAGE_SIZE}.
 * Pages are handed to {@link Run}s; the page map finds a run from any address inside it, as jemalloc's rtree does.
 *
 * <p>Every segment handed out is a slice of {@link #memory}, which is bound to the chunk's own shared FFM arena:
 * once the chunk is released, a stale segment throws {@link IllegalStateException} instead of touching unmapped
 * memory.
 *
 * <p>Page state is guarded by the owning arena's lock. The live-slot bits (one per 16-byte granule, set while a
 * slot is in a user's hands) are updated atomically so that a free from any thread can detect a double free.
 */
final class Chunk {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    final PoolArena arena;
    final MemorySegment region;
    final Arena scope;
    final MemorySegment memory;
    final long base;
    final long key;
    final int pageCount;
    final Run[] runOfPage;
    int freePages;
    private final long[] usedPages;
    private final long[] liveGranules;

    Chunk(PoolArena arena, MemorySegment region, int chunkShift) {
        this.arena = arena;
        this.region = region;
        this.scope = Arena.ofShared();
        this.memory = region.reinterpret(scope, null);
        this.base = region.address();
        this.key = base >>> chunkShift;
        this.pageCount = (int) (region.byteSize() >>> SizeClasses.PAGE_SHIFT);
        this.runOfPage = new Run[pageCount];
        this.freePages = pageCount;
        this.usedPages = new long[(pageCount + 63) >>> 6];
        this.liveGranules = new long[(int) ((region.byteSize() >>> 4) + 63) >>> 6];
    }

    /** @return whether the slot at {@code address} was not live and now is */
    boolean markLive(long address) {
        long granule = (address - base) >>> 4;
        long bit = 1L << granule;
        return ((long) LONGS.getAndBitwiseOr(liveGranules, (int) (granule >>> 6), bit) & bit) == 0;
    }

    /** @return whether the slot at {@code address} was live and now is not */
    boolean clearLive(long address) {
        long granule = (address - base) >>> 4;
        long bit = 1L << granule;
        return ((long) LONGS.getAndBitwiseAnd(liveGranules, (int) (granule >>> 6), ~bit) & bit) != 0;
    }

    boolean isEmpty() {
        return freePages == pageCount;
    }

    /** @return the first page of a free run of {@code pages} pages, or -1; first fit keeps low pages busy */
    int findFreePages(int pages) {
        if (pages > freePages) {
            return -1;
        }
        int length = 0;
        int page = 0;
        while (page < pageCount) {
            long word = usedPages[page >>> 6];
            if ((page & 63) == 0 && word == 0 && page + 64 <= pageCount) {
                length += 64;
                page += 64;
                if (length >= pages) {
                    return page - length;
                }
                continue;
            }
            if ((page & 63) == 0 && word == -1L) {
                length = 0;
                page += 64;
                continue;
            }
            if ((word & (1L << page)) != 0) {
                length = 0;
            } else if (++length == pages) {
                return page - pages + 1;
            }
            page++;
        }
        return -1;
    }

    void occupy(Run run) {
        for (int page = run.firstPage; page < run.firstPage + run.pages; page++) {
            usedPages[page >>> 6] |= 1L << page;
            runOfPage[page] = run;
        }
        freePages -= run.pages;
    }

    void vacate(Run run) {
        for (int page = run.firstPage; page < run.firstPage + run.pages; page++) {
            usedPages[page >>> 6] &= ~(1L << page);
            runOfPage[page] = null;
        }
        freePages += run.pages;
    }

    /** Calls {@code action} with the first page and length of every maximal free page range. */
    void forEachFreeRange(FreeRangeAction action) {
        int page = 0;
        while (page < pageCount) {
            if ((usedPages[page >>> 6] & (1L << page)) != 0) {
                page++;
                continue;
            }
            int first = page;
            while (page < pageCount && (usedPages[page >>> 6] & (1L << page)) == 0) {
                page++;
            }
            action.accept(first, page - first);
        }
    }

    @FunctionalInterface
    interface FreeRangeAction {
        void accept(int firstPage, int pages);
    }
}
