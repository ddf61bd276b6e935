package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SegmentOrder} against a stable sort by end ticks, on segments shaped like JFR's (threads' buffers of events
 * in time order, one after another) and on shapes that are not (descending, all equal, random), with many equal end
 * ticks so that stability shows. The reader's differential test against {@code EventStream} covers real recordings.
 */
class SegmentOrderTest {

    @Test
    void threadBuffersInterleavedInTimeComeOutInOrderOfEndThenPosition() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int threads = 1 + random.nextInt(12);
            long[] clocks = new long[threads];
            List<Long> ends = new ArrayList<>();
            int buffers = 1 + random.nextInt(300);
            for (int b = 0; b < buffers; b++) {
                int thread = random.nextInt(threads);
                int events = 1 + random.nextInt(40);
                for (int e = 0; e < events; e++) {
                    clocks[thread] += random.nextInt(3); // 0: an equal end, often
                    ends.add(clocks[thread]);
                }
                // Threads' clocks drift apart and meet again, so buffers overlap in time.
                clocks[thread] -= random.nextInt(5) * 10L;
                clocks[thread] = Math.max(0, clocks[thread]);
            }
            check(ends);
        }
    }

    @Test
    void anyOrderComesOutSorted() {
        Random random = new Random(7);
        check(List.of());
        check(List.of(5L));
        List<Long> descending = new ArrayList<>();
        List<Long> equal = new ArrayList<>();
        List<Long> scattered = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            descending.add(5000L - i);
            equal.add(3L);
            scattered.add((long) random.nextInt(100));
        }
        check(descending);
        check(equal);
        check(scattered);
    }

    @Test
    void anInstanceSortsSegmentAfterSegmentOfAnySize() {
        SegmentOrder reading = new SegmentOrder();
        SegmentOrder receiving = new SegmentOrder();
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            List<Long> ends = new ArrayList<>();
            int n = random.nextInt(round % 2 == 0 ? 50 : 5000);
            for (int i = 0; i < n; i++) {
                ends.add((long) random.nextInt(1 + n / 3));
            }
            check(reading, receiving, ends);
        }
    }

    private static void check(List<Long> ends) {
        check(new SegmentOrder(), new SegmentOrder(), ends);
    }

    /**
     * Adds item {@code i} with end {@code ends.get(i)} on the reading side, takes the segment, sorts it on the
     * receiving side, and compares with a stable sort of the positions.
     */
    private static void check(SegmentOrder reading, SegmentOrder receiving, List<Long> ends) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            reading.add(ends.get(i), i);
            positions.add(i);
        }
        positions.sort(Comparator.comparing(ends::get)); // List.sort is stable
        SegmentOrder.Segment segment = reading.take();
        assertEquals(0, reading.size(), "taking a segment empties the reading side");
        Object[] sorted = Arrays.copyOf(receiving.sort(segment), ends.size());
        assertArrayEquals(positions.toArray(), sorted, "ends " + ends);
    }
}
