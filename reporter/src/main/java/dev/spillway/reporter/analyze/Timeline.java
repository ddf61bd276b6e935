package dev.spillway.reporter.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A series downsampled into a fixed number of equal time buckets over the recording's span, so a long recording
 * costs the same memory as a short one. Each bucket keeps one value according to {@link Aggregate}.
 */
final class Timeline {
    static final int BUCKETS = 600;

    enum Aggregate { MAX, LAST, SUM }

    private final long startNanos;
    private final long widthNanos;
    private final Aggregate aggregate;
    private final double[] values;
    private final boolean[] present;

    Timeline(long startNanos, long durationNanos, Aggregate aggregate) {
        this(startNanos, durationNanos, aggregate, BUCKETS, 1_000_000L);
    }

    /** @param minWidthNanos rates need wide enough buckets to hold more than a sample or two */
    Timeline(long startNanos, long durationNanos, Aggregate aggregate, int buckets, long minWidthNanos) {
        this.startNanos = startNanos;
        this.widthNanos = Math.max(minWidthNanos, (durationNanos + buckets - 1) / buckets);
        this.aggregate = aggregate;
        this.values = new double[buckets];
        this.present = new boolean[buckets];
    }

    void add(long timeNanos, double value) {
        int i = (int) Math.clamp((timeNanos - startNanos) / widthNanos, 0, values.length - 1);
        if (!present[i]) {
            present[i] = true;
            values[i] = value;
            return;
        }
        values[i] = switch (aggregate) {
            case MAX -> Math.max(values[i], value);
            case LAST -> value;
            case SUM -> values[i] + value;
        };
    }

    boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    long widthNanos() {
        return widthNanos;
    }

    /** The buckets that have a value, at the middle of each bucket, times in epoch milliseconds. */
    List<Report.Point> points(double scale) {
        List<Report.Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (present[i]) {
                long middle = startNanos + i * widthNanos + widthNanos / 2;
                points.add(new Report.Point(middle / 1_000_000L, values[i] * scale));
            }
        }
        return points;
    }

    @Override
    public String toString() {
        return aggregate + Arrays.toString(values);
    }
}
