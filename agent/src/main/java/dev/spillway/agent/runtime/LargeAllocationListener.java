package dev.spillway.agent.runtime;

import dev.spillway.agent.sites.SiteEntry;

/** Told of every allocation at or above the threshold, on the allocating thread; must not throw. */
@FunctionalInterface
public interface LargeAllocationListener {
    /**
     * @param site the allocating site
     * @param size the requested size in bytes
     * @param humongous whether the allocation is humongous for the running JVM
     */
    void onLargeAllocation(SiteEntry site, int size, boolean humongous);

    /**
     * As {@link #onLargeAllocation(SiteEntry, int, boolean)}, knowing how the allocation was served; listeners
     * that report the outcome override this one.
     *
     * @param outcome plain, recycled, off-heap or fallback
     */
    default void onLargeAllocation(SiteEntry site, int size, boolean humongous, RedirectOutcome outcome) {
        onLargeAllocation(site, size, humongous);
    }
}
