/**
 * A growable off-heap buffer of length-prefixed entries, after ristretto's {@code z.Buffer}:
 * {@link dev.spillway.allocator.buffer.OffHeapBuffer}.
 */
package dev.spillway.allocator.buffer;
