/**
 * A size-classed off-heap pool in the manner of jemalloc and Netty's {@code PooledByteBufAllocator}:
 * {@link dev.spillway.allocator.pool.Pool}.
 */
package dev.spillway.allocator.pool;
