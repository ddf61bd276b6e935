package dev.spillway.allocator.buffer;

/** A stable merge sort of keys with their offsets alongside, without boxing. */
final class KeySort {

    private KeySort() {
    }

    static void sort(long[] keys, long[] offsets) {
        int n = keys.length;
        long[] keyBuffer = new long[n];
        long[] offsetBuffer = new long[n];
        long[] fromKeys = keys;
        long[] fromOffsets = offsets;
        long[] toKeys = keyBuffer;
        long[] toOffsets = offsetBuffer;
        for (int width = 1; width < n; width *= 2) {
            for (int left = 0; left < n; left += 2 * width) {
                int mid = Math.min(left + width, n);
                int right = Math.min(left + 2 * width, n);
                int i = left;
                int j = mid;
                for (int k = left; k < right; k++) {
                    if (i < mid && (j >= right || fromKeys[i] <= fromKeys[j])) {
                        toKeys[k] = fromKeys[i];
                        toOffsets[k] = fromOffsets[i++];
                    } else {
                        toKeys[k] = fromKeys[j];
                        toOffsets[k] = fromOffsets[j++];
                    }
                }
            }
            long[] swapKeys = fromKeys;
            fromKeys = toKeys;
            toKeys = swapKeys;
            long[] swapOffsets = fromOffsets;
            fromOffsets = toOffsets;
            toOffsets = swapOffsets;
        }
        if (fromKeys != keys) {
            System.arraycopy(fromKeys, 0, keys, 0, n);
            System.arraycopy(fromOffsets, 0, offsets, 0, n);
        }
    }
}
