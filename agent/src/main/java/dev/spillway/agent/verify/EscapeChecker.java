package dev.spillway.agent.verify;

import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@code verify=true}: checks at run time that redirected values really die with their method, like
 * AddressSanitizer's quarantine.
 *
 * <ul>
 *   <li>A released array is not recycled: it is dropped and watched through a weak reference. Still reachable
 *       after enough old collections that could have freed it ({@link OldCollections}), it has escaped.</li>
 *   <li>A released buffer's memory is poisoned and quarantined (FIFO, bounded in bytes) instead of freed; the
 *       buffer object is watched like an array. When the memory leaves the quarantine, poison that changed means
 *       it was written after release, an escape; either way the memory then goes back to the pool.</li>
 * </ul>
 *
 * An escape is reported once per site: the site's verdict becomes {@code KEPT}, reason {@code escape-observed},
 * which stops its redirection at once; a {@code dev.spillway.EscapeObserved} event and a log line say where.
 * Checks run on a daemon thread every {@value #PERIOD_MILLIS} ms, and whenever {@link #check()} is called.
 */
public final class EscapeChecker implements AutoCloseable {
    /** The byte released buffer memory is filled with. */
    public static final byte POISON = (byte) 0xA5;
    static final long PERIOD_MILLIS = 500;
    private static final long POISON_LONG = 0xA5A5A5A5A5A5A5A5L;

    private final SiteRegistry sites;
    private final Consumer<String> log;
    private final Consumer<MemorySegment> free;
    private final long quarantineLimit;
    private final OldCollections collections = new OldCollections();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Quarantined> quarantine = new ArrayDeque<>();
    private final LongAdder escapes = new LongAdder();
    private long quarantined;
    private volatile Thread thread;
    private volatile boolean closed;

    private static final class Watched extends WeakReference<Object> {
        final int site;
        /** Counted after this reference exists, so that every young collection counted since was survived by it. */
        final OldCollections.Count atRelease;
        final long releasedAtNanos = System.nanoTime();
        final String what;
        /** Concurrent units when this reference was first seen old; -1 before. Written in check(), under its lock. */
        long concurrentWhenPromoted = -1;

        Watched(Object value, ReferenceQueue<Object> queue, int site, OldCollections collections, String what) {
            super(value, queue);
            this.site = site;
            this.atRelease = collections.now();
            this.what = what;
        }

        /** Units, at {@code now}, of the collections since the release that would have cleared an unreachable value. */
        long evidence(OldCollections collections, OldCollections.Count now) {
            if (concurrentWhenPromoted < 0 && collections.promoted(atRelease, now)) {
                concurrentWhenPromoted = now.concurrent();
            }
            long concurrent = concurrentWhenPromoted < 0 ? 0 : now.concurrent() - concurrentWhenPromoted;
            return now.full() - atRelease.full() + concurrent;
        }
    }

    private record Quarantined(MemorySegment segment, int site) {}

    /**
     * @param sites whose verdicts an observed escape changes
     * @param log one line per escape
     * @param free gives quarantined memory back to its pool
     * @param quarantineLimit bytes of released buffer memory held back before the oldest is checked and freed
     */
    public EscapeChecker(SiteRegistry sites, Consumer<String> log, Consumer<MemorySegment> free, long quarantineLimit) {
        this.sites = sites;
        this.log = log;
        this.free = free;
        this.quarantineLimit = quarantineLimit;
    }

    /** Watches a released array; it is never lent again. */
    public void watch(byte[] array, int site) {
        watched.add(new Watched(array, cleared, site, collections, "array"));
        startThread();
    }

    /** Poisons a released buffer's memory, holds it back and watches the buffer. */
    public void quarantine(ByteBuffer buffer, MemorySegment segment, int site) {
        segment.fill(POISON);
        watched.add(new Watched(buffer, cleared, site, collections, "buffer"));
        synchronized (quarantine) {
            quarantine.addLast(new Quarantined(segment, site));
            quarantined += segment.byteSize();
            while (quarantined > quarantineLimit && !quarantine.isEmpty()) {
                evictOldest();
            }
        }
        startThread();
    }

    /** Escapes observed so far. */
    public long escapes() {
        return escapes.sum();
    }

    /** Values watched and not yet found dead. */
    public int watching() {
        forgetCleared();
        // A reference is cleared by the collection but enqueued later by the JDK's reference handler.
        watched.removeIf(value -> value.refersTo(null));
        return watched.size();
    }

    /** Bytes of buffer memory in quarantine. */
    public long quarantinedBytes() {
        synchronized (quarantine) {
            return quarantined;
        }
    }

    /**
     * Reports every watched value still reachable after enough old collections, and checks the poison of the
     * whole quarantine (without freeing it).
     *
     * @return escapes reported by this call
     */
    public synchronized int check() {
        long before = escapes.sum();
        forgetCleared();
        OldCollections.Count now = collections.now();
        for (Watched value : watched) {
            // refersTo, not get: get() during a concurrent marking would itself keep the value alive for the cycle.
            if (value.evidence(collections, now) >= OldCollections.ENOUGH && !value.refersTo(null)) {
                watched.remove(value);
                value.clear();
                OldCollections.Count then = value.atRelease;
                long promoted = value.concurrentWhenPromoted < 0 ? 0 : now.concurrent() - value.concurrentWhenPromoted;
                observed(value.site, "a released " + value.what + " was still reachable after its method returned"
                        + " and the heap was collected", " (released " + (System.nanoTime() - value.releasedAtNanos)
                        / 1_000_000 + " ms before; since then " + (now.young() - then.young()) + " young collections, "
                        + (now.full() - then.full()) + " full-collection units and " + (now.concurrent()
                        - then.concurrent()) + " concurrent-cycle units, " + promoted
                        + " of them after the watching reference was old)");
            }
        }
        synchronized (quarantine) {
            for (Quarantined held : quarantine) {
                if (!poisonIntact(held.segment)) {
                    held.segment.fill(POISON);
                    observed(held.site, "a released buffer was written to after its method returned", "");
                }
            }
        }
        return (int) (escapes.sum() - before);
    }

    /** Checks and frees everything in quarantine; for the agent's stop. */
    public void drain() {
        synchronized (quarantine) {
            while (!quarantine.isEmpty()) {
                evictOldest();
            }
        }
    }

    private void evictOldest() {
        Quarantined oldest = quarantine.removeFirst();
        quarantined -= oldest.segment.byteSize();
        if (!poisonIntact(oldest.segment)) {
            observed(oldest.site, "a released buffer was written to after its method returned", "");
        }
        free.accept(oldest.segment);
    }

    private void forgetCleared() {
        for (Object gone = cleared.poll(); gone != null; gone = cleared.poll()) {
            watched.remove(gone);
        }
    }

    private static boolean poisonIntact(MemorySegment segment) {
        long size = segment.byteSize();
        long i = 0;
        for (; i + 8 <= size; i += 8) {
            if (segment.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != POISON_LONG) {
                return false;
            }
        }
        for (; i < size; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) != POISON) {
                return false;
            }
        }
        return true;
    }

    /** Reports an escape at site {@code index}; {@code circumstances} goes to the log line only. */
    private void observed(int index, String detail, String circumstances) {
        escapes.increment();
        SiteEntry entry = sites.entry(index);
        if (entry == null || entry.decision().reason() == Reason.ESCAPE_OBSERVED) {
            return;
        }
        Site site = entry.site();
        sites.register(site, new SiteDecision(Verdict.KEPT, Reason.ESCAPE_OBSERVED, detail));
        log.accept("escape observed at " + site.id() + " (line " + site.line() + "): " + detail + circumstances
                + "; the site is no longer redirected");
        EscapeObservedEvent event = new EscapeObservedEvent();
        if (event.isEnabled()) {
            event.describe(site);
            event.detail = detail;
            event.commit();
        }
    }

    /** Stops the checking thread; values watched or quarantined stay where they are until {@link #drain()}. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
    }

    private void startThread() {
        if (thread != null || closed) {
            return;
        }
        synchronized (this) {
            if (thread != null || closed) {
                return;
            }
            Thread started = new Thread(this::run, "spillway-verify");
            started.setDaemon(true);
            thread = started;
            started.start();
        }
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("the escape check failed (" + e + "); it goes on");
            }
        }
    }
}
