package dev.spillway.reporter.read;

import java.util.Arrays;

/**
 * The events of one flush segment that the reporter reads, as pairs of end ticks and position, put into the order
 * {@code EventStream.setOrdered(true)} delivers: by end ticks, and events that end on the same tick in the order
 * they were written (jdk.jfr sorts each segment with a stable sort). Memory is two longs per event of the segment.
 *
 * <p>Invariant: {@code ends[0..size)} and {@code positions[0..size)} hold the segment's events; after {@link #sort}
 * they are in delivery order.
 */
final class SegmentOrder {
    private long[] ends = new long[1024];
    private long[] positions = new long[1024];
    private long[] spareEnds = new long[0];
    private long[] sparePositions = new long[0];
    private int size;

    void add(long endTicks, long position) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
        }
        ends[size] = endTicks;
        positions[size] = position;
        size++;
    }

    int size() {
        return size;
    }

    long position(int index) {
        return positions[index];
    }

    void clear() {
        size = 0;
    }

    /** A stable merge sort by end ticks that skips the merge of runs already in order, as most of a segment is. */
    void sort() {
        if (spareEnds.length < size) {
            spareEnds = new long[ends.length];
            sparePositions = new long[ends.length];
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
                    System.arraycopy(positions, low, sparePositions, low, high - low);
                }
            }
            long[] swap = ends;
            ends = spareEnds;
            spareEnds = swap;
            swap = positions;
            positions = sparePositions;
            sparePositions = swap;
        }
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
                sparePositions[out] = positions[left++];
            } else {
                spareEnds[out] = ends[right];
                sparePositions[out] = positions[right++];
            }
        }
    }
}
