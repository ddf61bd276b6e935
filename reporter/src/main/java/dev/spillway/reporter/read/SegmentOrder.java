package dev.spillway.reporter.read;

import java.util.Arrays;

/**
 * The observations of one flush segment, each with the end ticks of its event, put into the order
 * {@code EventStream.setOrdered(true)} delivers: by end ticks, and events that end on the same tick in the order
 * they were written (jdk.jfr sorts each segment with a stable sort). An item is an {@link Observation}, or a
 * {@link EventDecoder.Deferred} event whose conversion must itself happen in time order (see
 * {@link ObservationConverters#inOrder}).
 *
 * <p>A reading thread {@link #add}s a segment's items and {@link #take}s them unsorted; the thread that receives
 * them sorts them with an instance of its own ({@link #sort(Segment)}).
 *
 * <p>Invariant: {@code ends[0..size)} and {@code items[0..size)} hold the segment's items; after {@link #sort} they
 * are in delivery order. Memory is bounded by the segment, and so by the chunk.
 */
final class SegmentOrder {
    private long[] ends = new long[1024];
    private Object[] items = new Object[1024];
    private long[] spareEnds = new long[0];
    private Object[] spareItems = new Object[0];
    private int[] runStarts = new int[64];
    private int size;

    void add(long endTicks, Object item) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            items = Arrays.copyOf(items, size * 2);
        }
        ends[size] = endTicks;
        items[size] = item;
        size++;
    }

    int size() {
        return size;
    }

    /** The items added since the last {@link #clear}, in the order added, with their end ticks, as arrays of their own. */
    Segment take() {
        Segment taken = new Segment(Arrays.copyOf(ends, size), Arrays.copyOf(items, size));
        clear();
        return taken;
    }

    /**
     * Sorts {@code segment}'s items into delivery order, using this instance's scratch space, and returns them at the
     * start of the segment's own array or of one of this instance's (which may be longer), valid until the next
     * call. This instance must hold no items.
     */
    Object[] sort(Segment segment) {
        ends = segment.ends();
        items = segment.items();
        size = items.length;
        sort();
        Object[] sorted = items;
        // Neither array is this instance's to keep as its own: the next segment brings its own.
        size = 0;
        return sorted;
    }

    /**
     * One flush segment as read: its items in the order written and each one's end ticks. Sorted by the thread that
     * receives it (see {@link RecordingReader}), which has time to spare while the reading thread has none.
     */
    record Segment(long[] ends, Object[] items) {
    }

    void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }

    /**
     * A stable natural merge sort by end ticks: a segment is a few long runs already in order (each thread's
     * buffer of events), so it finds the runs and merges neighbours until one is left, O(n log runs).
     */
    void sort() {
        int runs = 0;
        int[] starts = runStarts;
        for (int i = 0; i < size; i++) {
            if (i == 0 || ends[i - 1] > ends[i]) {
                if (runs + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[runs++] = i;
            }
        }
        runStarts = starts;
        if (runs <= 1) {
            return;
        }
        if (spareEnds.length < size) {
            spareEnds = new long[ends.length];
            spareItems = new Object[ends.length];
        }
        starts[runs] = size;
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int low = starts[r];
                int mid = starts[Math.min(r + 1, runs)];
                int high = starts[Math.min(r + 2, runs)];
                if (mid < high) {
                    merge(low, mid, high);
                } else {
                    System.arraycopy(ends, low, spareEnds, low, high - low);
                    System.arraycopy(items, low, spareItems, low, high - low);
                }
                starts[merged++] = low;
            }
            starts[merged] = size;
            runs = merged;
            long[] swapEnds = ends;
            ends = spareEnds;
            spareEnds = swapEnds;
            Object[] swapItems = items;
            items = spareItems;
            spareItems = swapItems;
        }
        Arrays.fill(spareItems, 0, Math.min(size, spareItems.length), null);
    }

    private void merge(int low, int mid, int high) {
        int left = low;
        int right = mid;
        for (int out = low; out < high; out++) {
            if (right >= high || left < mid && ends[left] <= ends[right]) {
                spareEnds[out] = ends[left];
                spareItems[out] = items[left++];
            } else {
                spareEnds[out] = ends[right];
                spareItems[out] = items[right++];
            }
        }
    }
}
