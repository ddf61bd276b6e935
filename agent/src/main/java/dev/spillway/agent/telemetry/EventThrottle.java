package dev.spillway.agent.telemetry;

/**
 * Lets at most {@code limit} events of one site through per one-second window, and folds the allocations it
 * holds back into the weight of the next event it lets through, so that the weights still add up.
 */
final class EventThrottle {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int limit;
    private long windowStart;
    private int emitted;
    private long heldBack;
    private long heldBackBytes;
    private boolean started;

    /** @param limit events per second, 0 for no limit */
    EventThrottle(int limit) {
        this.limit = limit;
    }

    /**
     * Offers one allocation.
     *
     * @return {@code {weight, weightBytes}} of the event to emit, or null when the allocation is held back
     */
    synchronized long[] offer(long size, long nowNanos) {
        if (limit > 0) {
            if (!started || nowNanos - windowStart >= WINDOW_NANOS) {
                started = true;
                windowStart = nowNanos;
                emitted = 0;
            }
            if (emitted >= limit) {
                heldBack++;
                heldBackBytes += size;
                return null;
            }
            emitted++;
        }
        long[] weight = {heldBack + 1, heldBackBytes + size};
        heldBack = 0;
        heldBackBytes = 0;
        return weight;
    }
}
