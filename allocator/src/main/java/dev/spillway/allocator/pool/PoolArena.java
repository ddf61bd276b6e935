package dev.spillway.allocator.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One of the pool's arenas: a set of chunks behind one lock, as in jemalloc and Netty, so that threads bound to
 * different arenas do not contend. Thread caches talk to it in batches; frees may come from any thread and go to
 * the arena that owns the chunk.
 */
final class PoolArena {

    final ReentrantLock lock = new ReentrantLock();
    final AtomicInteger threads = new AtomicInteger();
    private final Pool pool;
    private final SizeClasses classes;
    private final int retainedEmptyChunks;
    private final List<Chunk> chunks = new ArrayList<>();
    private final Run[] partialRuns;

    PoolArena(Pool pool, SizeClasses classes, int retainedEmptyChunks) {
        this.pool = pool;
        this.classes = classes;
        this.retainedEmptyChunks = retainedEmptyChunks;
        this.partialRuns = new Run[classes.count()];
    }

    /**
     * Takes up to {@code wanted} slots of a class into {@code addresses}/{@code owners} from index 0.
     * Caller holds {@link #lock}.
     *
     * @return slots taken, at least 1
     * @throws dev.spillway.allocator.OffHeapLimitExceededException if not even one slot fits under the budget
     */
    int allocate(int sizeClass, int wanted, long[] addresses, Chunk[] owners) {
        int taken = 0;
        try {
            if (classes.isSmall(sizeClass)) {
                while (taken < wanted) {
                    Run run = partialRuns[sizeClass];
                    if (run == null) {
                        run = newRun(sizeClass);
                        link(run);
                    }
                    while (taken < wanted && run.freeCount > 0) {
                        addresses[taken] = run.take();
                        owners[taken++] = run.chunk;
                    }
                    if (run.freeCount == 0) {
                        unlink(run);
                    }
                }
            } else {
                while (taken < wanted) {
                    Run run = newRun(sizeClass);
                    addresses[taken] = run.take();
                    owners[taken++] = run.chunk;
                }
            }
        } catch (RuntimeException e) {
            if (taken == 0) {
                throw e;
            }
        }
        return taken;
    }

    /** Returns a slot no longer in a user's hands. Caller holds {@link #lock}. */
    void free(Chunk chunk, long address) {
        Run run = chunk.runOfPage[(int) ((address - chunk.base) >>> SizeClasses.PAGE_SHIFT)];
        run.give(address);
        boolean onlyPartialRun = run.listed && partialRuns[run.sizeClass] == run && run.next == null;
        if (run.freeCount == run.slotCount && !onlyPartialRun) {
            if (run.listed) {
                unlink(run);
            }
            chunk.vacate(run);
            if (chunk.isEmpty()) {
                releaseEmptyChunks(retainedEmptyChunks);
            }
        } else if (!run.listed) {
            link(run);
        }
    }

    /** Unmaps empty chunks beyond {@code keep}. Caller holds {@link #lock}. */
    void releaseEmptyChunks(int keep) {
        int empty = 0;
        for (int i = chunks.size() - 1; i >= 0; i--) {
            Chunk chunk = chunks.get(i);
            if (!chunk.isEmpty()) {
                continue;
            }
            if (++empty > keep) {
                chunks.remove(i);
                pool.unmapChunk(chunk);
            }
        }
    }

    /** Releases all empty chunks, including small runs kept for reuse, and discards free pages of the rest. */
    void trim(boolean discardFreePages) {
        lock.lock();
        try {
            for (int sizeClass = 0; sizeClass < partialRuns.length; sizeClass++) {
                Run run = partialRuns[sizeClass];
                if (run != null && run.freeCount == run.slotCount) {
                    unlink(run);
                    run.chunk.vacate(run);
                }
            }
            releaseEmptyChunks(0);
            if (discardFreePages) {
                for (Chunk chunk : chunks) {
                    chunk.forEachFreeRange((first, pages) -> pool.discard(chunk, first, pages));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unmaps every chunk; the pool is closing. */
    void closeAll() {
        lock.lock();
        try {
            chunks.forEach(pool::unmapChunk);
            chunks.clear();
            Arrays.fill(partialRuns, null);
        } finally {
            lock.unlock();
        }
    }

    private Run newRun(int sizeClass) {
        int pages = classes.runPages(sizeClass);
        for (Chunk chunk : chunks) {
            int first = chunk.findFreePages(pages);
            if (first >= 0) {
                return occupy(chunk, sizeClass, first, pages);
            }
        }
        Chunk chunk = pool.mapChunk(this);
        chunks.add(chunk);
        return occupy(chunk, sizeClass, 0, pages);
    }

    private Run occupy(Chunk chunk, int sizeClass, int first, int pages) {
        Run run = new Run(chunk, sizeClass, classes.size(sizeClass), first, pages, classes.slotsPerRun(sizeClass));
        chunk.occupy(run);
        return run;
    }

    private void link(Run run) {
        Run head = partialRuns[run.sizeClass];
        run.prev = null;
        run.next = head;
        if (head != null) {
            head.prev = run;
        }
        partialRuns[run.sizeClass] = run;
        run.listed = true;
    }

    private void unlink(Run run) {
        if (run.prev != null) {
            run.prev.next = run.next;
        } else {
            partialRuns[run.sizeClass] = run.next;
        }
        if (run.next != null) {
            run.next.prev = run.prev;
        }
        run.prev = null;
        run.next = null;
        run.listed = false;
    }
}
