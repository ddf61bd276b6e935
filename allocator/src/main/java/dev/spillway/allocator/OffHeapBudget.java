package dev.spillway.allocator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A limit on off-heap bytes reserved from the operating system, shared by every allocator built with it: the
 * allocator's {@code GOMEMLIMIT} or {@code -XX:MaxDirectMemorySize}. Pools, block pools, arena pools and buffers
 * reserve chunks against it before mapping them, so an allocation beyond the limit throws
 * {@link OffHeapLimitExceededException} and never reaches the OS.
 *
 * <p>Invariant: {@code 0 <= reservedBytes() <= limitBytes()}. Thread-safe.
 */
public final class OffHeapBudget {

    private final long limitBytes;
    private final AtomicLong reserved = new AtomicLong();

    private OffHeapBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * @param limitBytes the most bytes that may be reserved at once, at least 1
     * @return a new budget
     * @throws IllegalArgumentException if {@code limitBytes} is not positive
     */
    public static OffHeapBudget limitedTo(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("off-heap limit must be positive, got " + limitBytes + " bytes");
        }
        return new OffHeapBudget(limitBytes);
    }

    /** @return a new budget that only counts */
    public static OffHeapBudget unlimited() {
        return new OffHeapBudget(Long.MAX_VALUE);
    }

    /**
     * Reserves {@code bytes} or refuses without side effect.
     *
     * @param who names the caller in the exception's message
     * @param bytes positive byte count
     * @throws OffHeapLimitExceededException if the limit would be exceeded
     */
    public void reserve(String who, long bytes) {
        long current;
        do {
            current = reserved.get();
            if (bytes > limitBytes - current) {
                throw new OffHeapLimitExceededException(who, bytes, current, limitBytes);
            }
        } while (!reserved.compareAndSet(current, current + bytes));
    }

    /**
     * Gives back bytes earlier {@link #reserve reserved}.
     *
     * @param bytes byte count, at most what is reserved
     * @throws IllegalStateException if more is released than was reserved, which would hide a leak or a bug
     */
    public void release(long bytes) {
        long after = reserved.addAndGet(-bytes);
        if (after < 0) {
            reserved.addAndGet(bytes);
            throw new IllegalStateException("released " + bytes + " bytes but only " + (after + bytes)
                    + " were reserved under this budget");
        }
    }

    /** @return bytes reserved now */
    public long reservedBytes() {
        return reserved.get();
    }

    /** @return the limit, {@link Long#MAX_VALUE} when {@link #unlimited()} */
    public long limitBytes() {
        return limitBytes;
    }

    /** @return whether a limit is set */
    public boolean isLimited() {
        return limitBytes != Long.MAX_VALUE;
    }
}
