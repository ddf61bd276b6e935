package dev.spillway.reporter.analyze;

/**
 * Percentiles of durations in constant memory: logarithmic buckets 1% wide from 1 ns to about 10^10 s, so any
 * percentile is within 1% of the exact value (the exact maximum is kept aside). Like HdrHistogram, without its
 * dependency and with the one precision the report needs.
 */
final class DurationHistogram {
    private static final double GROWTH = 1.01;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = 4200;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[bucket(value)]++;
        count++;
        max = Math.max(max, value);
    }

    long count() {
        return count;
    }

    long max() {
        return max;
    }

    /**
     * The value at {@code quantile} (0..1) using the nearest-rank definition: the smallest recorded value such that
     * at least {@code quantile} of all values are at or below it, reported as the upper edge of its bucket.
     */
    long quantile(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    private static int bucket(long value) {
        if (value <= 1) {
            return 0;
        }
        return Math.min(BUCKETS - 1, 1 + (int) (Math.log(value) / LOG_GROWTH));
    }

    private static long upperEdge(int bucket) {
        return bucket == 0 ? 1 : (long) Math.ceil(Math.pow(GROWTH, bucket));
    }
}
