package dev.spillway.allocator.buffer;

import java.lang.foreign.MemorySegment;

/**
 * One entry of an {@link OffHeapBuffer}.
 *
 * @param offset where the entry starts; {@link OffHeapBuffer#read(long)} finds it again until the next sort
 * @param key the entry's key
 * @param value a view of the value's bytes, valid until the buffer grows, is sorted or is closed (then it throws)
 */
public record Entry(long offset, long key, MemorySegment value) {
}
