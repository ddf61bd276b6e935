package dev.spillway.allocator;

/**
 * A bounded allocator (an {@code ArenaPool} that fails when empty, a {@code BlockPool} at its maximum, a full
 * {@code ScopedArena} of fixed capacity, an {@code OffHeapBuffer} at its capacity limit) has no room for a request. Unlike
 * {@link OffHeapLimitExceededException}, the off-heap budget may still have room: the pool's own bound was hit.
 */
public final class ExhaustedException extends RuntimeException {

    /** @param message says which pool, what was asked and what the bound is */
    public ExhaustedException(String message) {
        super(message);
    }
}
