package dev.spillway.allocator.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's stacks of free slots per size class (jemalloc's tcache), and that thread's allocation counters.
 * Only the owner thread touches the stacks; counters are written by the owner with opaque stores and summed by
 * readers of the statistics, so the hot path has no atomic read-modify-write for accounting.
 */
final class ThreadCache {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    final Thread owner;
    final PoolArena arena;
    final long[][] addresses;
    final Chunk[][] owners;
    final int[] counts;
    final int[] capacity;
    final long[] allocations;
    final long[] frees;

    ThreadCache(Thread owner, PoolArena arena, SizeClasses classes, long maxCachedSize, long cacheBytesPerClass) {
        this.owner = owner;
        this.arena = arena;
        int count = classes.count();
        this.addresses = new long[count][];
        this.owners = new Chunk[count][];
        this.counts = new int[count];
        this.capacity = new int[count];
        this.allocations = new long[count];
        this.frees = new long[count];
        for (int i = 0; i < count; i++) {
            long size = classes.size(i);
            int slots = size > maxCachedSize ? 0 : Math.clamp(cacheBytesPerClass / size, 1, 128);
            capacity[i] = slots;
            // A refill of one slot is handed over through the stack even when nothing stays cached.
            addresses[i] = new long[Math.max(1, slots)];
            owners[i] = new Chunk[Math.max(1, slots)];
        }
    }

    void countAllocation(int sizeClass) {
        LONGS.setOpaque(allocations, sizeClass, allocations[sizeClass] + 1);
    }

    void countFree(int sizeClass) {
        LONGS.setOpaque(frees, sizeClass, frees[sizeClass] + 1);
    }

    long allocations(int sizeClass) {
        return (long) LONGS.getOpaque(allocations, sizeClass);
    }

    long frees(int sizeClass) {
        return (long) LONGS.getOpaque(frees, sizeClass);
    }
}
