package dev.spillway.agent.runtime;

import java.lang.foreign.MemorySegment;

/**
 * One value lent to a rewritten site: a recycled array, or a direct buffer over a pool segment. The rewritten
 * method keeps it in a hidden local and gives it back on exit or when the site runs again.
 *
 * <p>Confined to the frame that holds it, so {@link #release()} needs no synchronization; it is idempotent,
 * because a method may reach its exception handler after a return has already released.
 */
final class RedirectLease {
    final Object value;
    final MemorySegment segment;
    final int site;
    private final RedirectAllocator owner;
    private boolean released;

    RedirectLease(Object value, MemorySegment segment, int site, RedirectAllocator owner) {
        this.value = value;
        this.segment = segment;
        this.site = site;
        this.owner = owner;
    }

    void release() {
        if (!released) {
            released = true;
            owner.release(this);
        }
    }
}
