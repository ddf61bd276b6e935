package dev.spillway.agent.runtime;

import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.verify.EscapeChecker;
import dev.spillway.allocator.backing.Backing;
import dev.spillway.allocator.pool.Pool;
import dev.spillway.allocator.recycle.ByteArrayRecycler;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Serves the allocations of redirected sites: arrays from one {@link ByteArrayRecycler}, buffers as direct
 * buffers over segments of one {@link Pool}, both created on the first redirect. Counts every allocation into
 * the site's counters with its outcome.
 *
 * <p>A site is served only while its registered verdict redirects (so {@code escape-observed} stops it at once),
 * only from {@code threshold} bytes, and only when the recycler or pool can; otherwise the caller allocates
 * plainly. Nothing here throws: every failure is counted and becomes a plain allocation.
 */
public final class RedirectAllocator {
    /** Name of the pool and recycler in statistics and JFR events. */
    public static final String NAME = "spillway-agent";

    private final AllocationRecorder recorder;
    private final RedirectSettings settings;
    private final EscapeChecker checker;
    private final Consumer<String> log;
    private final LongAdder lent = new LongAdder();
    private final LongAdder returned = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile ByteArrayRecycler recycler;
    private volatile Pool pool;
    private volatile boolean poolUnavailable;

    /**
     * @param recorder counts into the sites of its registry
     * @param settings limits and {@code verify}
     * @param log one line per notable event (pool unavailable, escape observed)
     */
    public RedirectAllocator(AllocationRecorder recorder, RedirectSettings settings, Consumer<String> log) {
        this.recorder = recorder;
        this.settings = settings;
        this.log = log;
        this.checker = settings.verify()
                ? new EscapeChecker(recorder.sites(), log, this::freeQuietly, settings.quarantineBytes())
                : null;
    }

    /** The escape checker of {@code verify=true}, or null. */
    public EscapeChecker checker() {
        return checker;
    }

    /** Values lent and not yet given back (or quarantined). */
    public long outstanding() {
        return lent.sum() - returned.sum();
    }

    /** Failures absorbed by the entry points. */
    public long failures() {
        return failures.sum();
    }

    /** The recycler, once the first array has been redirected; null before. */
    public ByteArrayRecycler recyclerIfStarted() {
        return recycler;
    }

    /** The pool, once the first buffer has been redirected; null before. */
    public Pool poolIfStarted() {
        return pool;
    }

    /** Counts a failure of an entry point; the caller has fallen back to a plain allocation. */
    void failed() {
        failures.increment();
        recorder.failed();
    }

    /**
     * An array for site {@code site}: a lease on a recycled array, or null when the caller must allocate plainly
     * (the allocation is counted either way).
     */
    RedirectLease array(int size, int site) {
        SiteEntry entry = recorder.sites().entry(site);
        if (entry == null) {
            return null;
        }
        RedirectLease lease = null;
        if (served(entry, size)) {
            byte[] array = null;
            try {
                array = recycler().tryAcquire(size);
            } catch (RuntimeException | OutOfMemoryError e) {
                failed();
            }
            lease = array == null ? null : new RedirectLease(array, null, site, this);
        }
        count(entry, size, lease, RedirectOutcome.RECYCLED);
        return lease;
    }

    /**
     * A buffer for site {@code site}: a lease on a direct buffer over pool memory, or null when the caller must
     * allocate plainly (the allocation is counted either way).
     */
    RedirectLease buffer(int size, int site) {
        SiteEntry entry = recorder.sites().entry(site);
        if (entry == null) {
            return null;
        }
        RedirectLease lease = null;
        if (served(entry, size)) {
            MemorySegment segment = null;
            try {
                Pool current = pool();
                if (current != null) {
                    segment = current.allocate(size);
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                // OffHeapLimitExceededException and ExhaustedException are expected here; they are the fallback.
                segment = null;
            }
            // asByteBuffer: capacity and limit size, position 0, BIG_ENDIAN, as ByteBuffer.allocate.
            lease = segment == null ? null : new RedirectLease(segment.asByteBuffer(), segment, site, this);
        }
        count(entry, size, lease, RedirectOutcome.OFF_HEAP);
        return lease;
    }

    /**
     * Whether an allocation of {@code size} at {@code entry} is to be served: the site's verdict still redirects
     * (not after escape-observed) and the size reaches the threshold. A proven site below it is counted here.
     */
    private boolean served(SiteEntry entry, int size) {
        if (!entry.decision().verdict().redirects()) {
            return false;
        }
        if (size < recorder.threshold() || size == 0) {
            entry.counters().recordBelowThreshold();
            return false;
        }
        return true;
    }

    private void count(SiteEntry entry, int size, RedirectLease lease, RedirectOutcome served) {
        RedirectOutcome outcome = RedirectOutcome.PLAIN;
        if (lease != null) {
            lent.increment();
            entry.counters().recordRedirected(size);
            outcome = served;
        } else if (entry.decision().verdict().redirects() && size >= recorder.threshold() && size > 0) {
            entry.counters().recordFallback();
            outcome = RedirectOutcome.FALLBACK;
        }
        recorder.record(size, entry.index(), outcome);
    }

    /** Takes a lease's value back: into the recycler or pool, or into quarantine with {@code verify=true}. */
    void release(RedirectLease lease) {
        returned.increment();
        try {
            if (lease.segment != null) {
                if (checker != null) {
                    checker.quarantine((ByteBuffer) lease.value, lease.segment, lease.site);
                } else {
                    pool.free(lease.segment);
                }
            } else if (checker != null) {
                checker.watch((byte[]) lease.value, lease.site);
            } else {
                recycler.release((byte[]) lease.value);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            failed();
        }
    }

    private void freeQuietly(MemorySegment segment) {
        try {
            pool.free(segment);
        } catch (RuntimeException e) {
            failed();
        }
    }

    private ByteArrayRecycler recycler() {
        ByteArrayRecycler current = recycler;
        if (current == null) {
            synchronized (this) {
                current = recycler;
                if (current == null) {
                    current = ByteArrayRecycler.builder().name(NAME).maxPooledBytes(settings.recyclerBudget()).build();
                    recycler = current;
                }
            }
        }
        return current;
    }

    /** The pool, created on first use: mmap on Linux and macOS, arena memory elsewhere or when mmap fails. */
    private Pool pool() {
        Pool current = pool;
        if (current != null || poolUnavailable) {
            return current;
        }
        synchronized (this) {
            if (pool == null && !poolUnavailable) {
                Backing preferred = Backing.platformDefault();
                try {
                    pool = Pool.builder().name(NAME).backing(preferred).limit(settings.offHeapLimit()).build();
                } catch (RuntimeException | LinkageError e) {
                    try {
                        pool = Pool.builder().name(NAME).backing(Backing.ARENA).limit(settings.offHeapLimit()).build();
                        log.accept("the " + preferred.label() + " backing is unavailable (" + e + "); using arena memory");
                    } catch (RuntimeException | LinkageError again) {
                        poolUnavailable = true;
                        log.accept("no off-heap pool could be created (" + again + "); buffer sites fall back");
                    }
                }
            }
            return pool;
        }
    }
}
