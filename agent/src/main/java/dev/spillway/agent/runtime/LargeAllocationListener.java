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
}
