package dev.spillway.allocator;

/**
 * How much an allocator records to explain memory still in use when it is closed, after Netty's
 * {@code ResourceLeakDetector.Level}. Every level above {@link #DISABLED} reports counts, bytes, size classes and
 * tags; the levels differ in the stack traces they keep, which cost a {@code Throwable} per sampled allocation.
 */
public enum LeakDetection {
    /** No report on close. */
    DISABLED,
    /** Counts, bytes, size classes and tags of what was not freed; no stack traces. The default. */
    SIMPLE,
    /** As {@link #SIMPLE}, plus the allocation stack trace of one allocation in {@code samplingInterval}. */
    ADVANCED,
    /** As {@link #SIMPLE}, plus the allocation stack trace of every allocation. For tests and debugging. */
    PARANOID
}
