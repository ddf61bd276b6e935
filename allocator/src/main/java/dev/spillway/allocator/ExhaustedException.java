package dev.spillway.allocator;

/**
 * A bounded pool (an {@code ArenaPool} that fails when empty, a {@code BlockPool} at its maximum, a full
 * {@code ScopedArena} of fixed capacity) has nothing left to hand out. Unlike
 * {@link OffHeapLimitExceededException}, the off-heap budget may still have room: the pool's own bound was hit.
 */
public final class ExhaustedException extends RuntimeException {

    /** @param message says which pool, what was asked and what the bound is */
    public ExhaustedException(String message) {
        super(message);
    }
}
