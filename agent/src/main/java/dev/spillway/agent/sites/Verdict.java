package dev.spillway.agent.sites;

/** What was decided for a site; the names are the {@code verdict} values of docs/EVENTS.md. */
public enum Verdict {
    /** Proven not to escape; buffers come from the allocator's off-heap memory. */
    REDIRECTED_OFF_HEAP,
    /** Proven not to escape; arrays come from the allocator's recycler. */
    REDIRECTED_RECYCLED,
    /** Redirect mode, left as a plain allocation for the decision's reason. */
    KEPT,
    /** Profile mode: counted only. */
    PROFILED;

    /** Whether the site's allocations are served by the allocator rather than by {@code new}. */
    public boolean redirects() {
        return this == REDIRECTED_OFF_HEAP || this == REDIRECTED_RECYCLED;
    }
}
