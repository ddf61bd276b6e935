/**
 * A pool of heap {@code byte[]} for the agent's array tier: {@link dev.spillway.allocator.recycle.ByteArrayRecycler}.
 * A {@code byte[]} always lives on the heap; recycling removes its allocation (and for large arrays the humongous
 * allocation), not its residence.
 */
package dev.spillway.allocator.recycle;
