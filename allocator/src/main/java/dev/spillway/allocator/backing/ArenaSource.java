package dev.spillway.allocator.backing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code Arena.ofShared()} per region: portable, and closing the arena is the only way to give its memory
 * back, so regions are released whole and {@link #discard} does nothing.
 */
final class ArenaSource implements MemorySource {

    private final ConcurrentHashMap<Long, Arena> arenas = new ConcurrentHashMap<>();

    @Override
    public Backing backing() {
        return Backing.ARENA;
    }

    @Override
    public MemorySegment reserve(long size, long alignment) {
        Arena arena = Arena.ofShared();
        MemorySegment region = arena.allocate(size, alignment);
        arenas.put(region.address(), arena);
        return MemorySegment.ofAddress(region.address()).reinterpret(size);
    }

    @Override
    public void release(MemorySegment region) {
        Arena arena = arenas.remove(region.address());
        if (arena == null) {
            throw new IllegalArgumentException("region at " + region.address() + " was not reserved by this source");
        }
        arena.close();
    }

    @Override
    public void discard(MemorySegment range) {
        // An FFM arena cannot return part of its memory; the region stays resident until released.
    }

    @Override
    public boolean reservesZeroed() {
        return true;
    }
}
