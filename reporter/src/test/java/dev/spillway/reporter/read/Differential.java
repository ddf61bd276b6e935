package dev.spillway.reporter.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RecordingReader} and the {@code jdk.jfr.consumer} oracle ({@link EventStreamReader}) over the same file
 * side by side and compares their observations one by one, so that even a recording of millions of events is
 * compared exactly in bounded memory.
 */
final class Differential {
    private static final Object END = new Object();

    /** What the comparison found: the number of observations, and the first difference or null. */
    record Outcome(long observations, String difference) {
    }

    private Differential() {
    }

    static Outcome compare(Path file) throws Exception {
        BlockingQueue<Object> expected = new ArrayBlockingQueue<>(10_000);
        Thread oracle = Thread.ofPlatform().name("oracle").start(() -> {
            try {
                EventStreamReader.read(file, observation -> put(expected, observation), fraction -> { });
                put(expected, END);
            } catch (Throwable t) {
                put(expected, t);
            }
        });
        long[] count = {0};
        String[] difference = {null};
        List<Observation> recent = new ArrayList<>();
        try {
            RecordingReader.read(file, actual -> {
                if (difference[0] != null) {
                    return;
                }
                Object next = take(expected);
                if (!actual.equals(next)) {
                    difference[0] = "observation " + count[0] + ": expected " + next + " but read " + actual
                            + (recent.isEmpty() ? "" : "; the ones before: " + recent);
                    return;
                }
                count[0]++;
                recent.add(actual);
                if (recent.size() > 3) {
                    recent.removeFirst();
                }
            }, fraction -> { });
            if (difference[0] == null) {
                Object next = take(expected);
                if (next != END) {
                    difference[0] = "after " + count[0] + " observations the oracle has more: " + next;
                }
            }
        } finally {
            oracle.interrupt();
            oracle.join(TimeUnit.SECONDS.toMillis(30));
        }
        return new Outcome(count[0], difference[0]);
    }

    private static void put(BlockingQueue<Object> queue, Object value) {
        try {
            queue.put(value);
        } catch (InterruptedException e) {
            throw new IllegalStateException("comparison ended", e);
        }
    }

    private static Object take(BlockingQueue<Object> queue) {
        try {
            Object next = queue.poll(5, TimeUnit.MINUTES);
            if (next instanceof Throwable t) {
                throw new IllegalStateException("the oracle failed", t);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Compares the readers on the files given as arguments, for recordings too big for the test suite. */
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            long start = System.nanoTime();
            Outcome outcome = compare(Path.of(arg));
            System.out.printf("%s: %d observations, %s (%d s)%n", arg, outcome.observations(),
                    outcome.difference() == null ? "identical" : "DIFFERENT: " + outcome.difference(),
                    (System.nanoTime() - start) / 1_000_000_000L);
        }
    }
}
