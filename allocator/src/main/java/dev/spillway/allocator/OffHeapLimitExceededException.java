package dev.spillway.allocator;

/**
 * An allocation would take the off-heap memory reserved under an {@link OffHeapBudget} beyond its limit.
 * Nothing was allocated; the caller may free memory and retry, or fall back to the heap.
 */
public final class OffHeapLimitExceededException extends RuntimeException {

    private final long requestedBytes;
    private final long reservedBytes;
    private final long limitBytes;

    /**
     * @param who what asked (for the message), e.g. {@code "pool 'io'"}
     * @param requestedBytes bytes the allocation needed to reserve
     * @param reservedBytes bytes reserved under the budget when it was refused
     * @param limitBytes the budget's limit
     */
    public OffHeapLimitExceededException(String who, long requestedBytes, long reservedBytes, long limitBytes) {
        super(who + " cannot reserve " + requestedBytes + " bytes off-heap: " + reservedBytes + " of the limit of "
                + limitBytes + " bytes are already reserved (at most " + Math.max(0, limitBytes - reservedBytes)
                + " bytes more are allowed)");
        this.requestedBytes = requestedBytes;
        this.reservedBytes = reservedBytes;
        this.limitBytes = limitBytes;
    }

    /** @return bytes the refused allocation needed to reserve */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** @return bytes reserved under the budget when the allocation was refused */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** @return the budget's limit */
    public long limitBytes() {
        return limitBytes;
    }
}
