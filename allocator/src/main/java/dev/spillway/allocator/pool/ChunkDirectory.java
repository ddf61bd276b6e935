package dev.spillway.allocator.pool;

/**
 * Finds the chunk that contains an address without a lock: chunks are aligned to their size, so
 * {@code address >>> chunkShift} names one. The table is an open-addressing hash table replaced whole on every
 * change (chunks come and go rarely; lookups happen on every free).
 */
final class ChunkDirectory {

    private final int chunkShift;
    private volatile Chunk[] table = new Chunk[16];
    private int size;

    ChunkDirectory(int chunkShift) {
        this.chunkShift = chunkShift;
    }

    Chunk find(long address) {
        Chunk[] chunks = table;
        long key = address >>> chunkShift;
        int mask = chunks.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            Chunk chunk = chunks[i];
            if (chunk == null || chunk.key == key) {
                return chunk;
            }
        }
    }

    synchronized void add(Chunk chunk) {
        size++;
        int capacity = table.length;
        while (capacity < size * 2) {
            capacity <<= 1;
        }
        table = rebuild(capacity, chunk, null);
    }

    synchronized void remove(Chunk chunk) {
        size--;
        table = rebuild(table.length, null, chunk);
    }

    private Chunk[] rebuild(int capacity, Chunk added, Chunk removed) {
        Chunk[] result = new Chunk[capacity];
        for (Chunk chunk : table) {
            if (chunk != null && chunk != removed) {
                insert(result, chunk);
            }
        }
        if (added != null) {
            insert(result, added);
        }
        return result;
    }

    private static void insert(Chunk[] chunks, Chunk chunk) {
        int mask = chunks.length - 1;
        int i = mix(chunk.key) & mask;
        while (chunks[i] != null) {
            i = (i + 1) & mask;
        }
        chunks[i] = chunk;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
