package dev.spillway.allocator.arena;

/** What {@link ArenaPool#acquire()} does when every arena is in use. */
public enum WhenEmpty {
    /** Wait until an arena is released. */
    BLOCK,
    /** Throw {@link dev.spillway.allocator.ExhaustedException} at once. */
    FAIL
}
