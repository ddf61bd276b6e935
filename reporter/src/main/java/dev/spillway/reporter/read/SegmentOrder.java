package dev.spillway.reporter.read;

import java.util.Arrays;

/**
 * The observations of one flush segment, each with the end ticks of its event, put into the order
 * {@code EventStream.setOrdered(true)} delivers: by end ticks, and events that end on the same tick in the order
 * they were written (jdk.jfr sorts each segment with a stable sort). An item is an {@link Observation}, or the
 * position of an event whose conversion must itself happen in time order (see {@link EventDecoder#inOrder()}).
 *
 * <p>Invariant: {@code ends[0..size)} and {@code items[0..size)} hold the segment's items; after {@link #sort} they
 * are in delivery order. Memory is bounded by the segment, and so by the chunk.
 */
final class SegmentOrder {
    private long[] ends = new long[1024];
    private Object[] items = new Object[1024];
    private long[] spareEnds = new long[0];
    private Object[] spareItems = new Object[0];
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

    Object item(int index) {
        return items[index];
    }

    void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }

    /** A stable merge sort by end ticks that skips the merge of runs already in order, as most of a segment is. */
    void sort() {
        if (spareEnds.length < size) {
            spareEnds = new long[ends.length];
            spareItems = new Object[ends.length];
        }
        for (int width = 1; width < size; width *= 2) {
            if (inOrder(width)) {
                continue;
            }
            for (int low = 0; low < size; low += 2 * width) {
                int mid = Math.min(low + width, size);
                int high = Math.min(low + 2 * width, size);
                if (mid < high && ends[mid - 1] > ends[mid]) {
                    merge(low, mid, high);
                } else {
                    System.arraycopy(ends, low, spareEnds, low, high - low);
                    System.arraycopy(items, low, spareItems, low, high - low);
                }
            }
            long[] swapEnds = ends;
            ends = spareEnds;
            spareEnds = swapEnds;
            Object[] swapItems = items;
            items = spareItems;
            spareItems = swapItems;
        }
        Arrays.fill(spareItems, 0, Math.min(size, spareItems.length), null);
    }

    private boolean inOrder(int width) {
        for (int mid = width; mid < size; mid += 2 * width) {
            if (ends[mid - 1] > ends[mid]) {
                return false;
            }
        }
        return true;
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
