package dev.spillway.agent.runtime;

/** How one allocation at a rewritten or profiled site was served; the {@code outcome} of docs/EVENTS.md. */
public enum RedirectOutcome {
    /** A plain {@code new}: a profiled or kept site, or a proven site below the threshold. */
    PLAIN,
    /** A proven array site served by the agent's {@code ByteArrayRecycler}. */
    RECYCLED,
    /** A proven buffer site served by a direct buffer over the agent's off-heap pool. */
    OFF_HEAP,
    /** A proven site the recycler or the pool could not serve (limit, refused length, failure): plain {@code new}. */
    FALLBACK
}
