package dev.spillway.reporter.read;

/**
 * Where each entry of one constant pool starts: an open-addressing hash map from key to position, without boxing,
 * since a chunk can hold tens of thousands of stack traces.
 *
 * <p>Invariants: {@code keys.length} is a power of two; a slot is free when its position is -1 (positions are never
 * negative); at most three quarters of the slots are used.
 */
final class PositionIndex {
    static final long ABSENT = -1;

    private long[] keys = new long[64];
    private long[] positions = filled(64);
    private int size;

    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long position = positions[i];
            if (position == ABSENT || keys[i] == key) {
                return position;
            }
        }
    }

    void put(long key, long position) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (positions[i] == ABSENT) {
                keys[i] = key;
                positions[i] = position;
                if (++size * 4 > keys.length * 3) {
                    grow();
                }
                return;
            }
            if (keys[i] == key) {
                positions[i] = position;
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldPositions = positions;
        keys = new long[oldKeys.length * 2];
        positions = filled(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldPositions[i] != ABSENT) {
                put(oldKeys[i], oldPositions[i]);
            }
        }
    }

    private static long[] filled(int length) {
        long[] array = new long[length];
        java.util.Arrays.fill(array, ABSENT);
        return array;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
