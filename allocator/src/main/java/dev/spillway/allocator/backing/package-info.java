/**
 * Where off-heap memory comes from: anonymous {@code mmap}, plain FFM arenas, or jemalloc, all through
 * {@code java.lang.foreign}. Allocators pick one by {@link dev.spillway.allocator.backing.Backing} and reserve
 * large regions (chunks, blocks, huge allocations) from its {@link dev.spillway.allocator.backing.MemorySource}.
 */
package dev.spillway.allocator.backing;
