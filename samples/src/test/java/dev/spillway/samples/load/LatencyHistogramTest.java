package dev.spillway.samples.load;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Nested
    @DisplayName("reports percentiles")
    class Percentiles {

        @ParameterizedTest(name = "at quantile {0} within 3.2% above the exact value")
        @ValueSource(doubles = {0.01, 0.5, 0.9, 0.99, 0.999})
        void within_the_bucket_resolution_of_the_exact_value(double quantile) {
            SplittableRandom random = new SplittableRandom(7);
            long[] values = new long[20_000];
            LatencyHistogram histogram = new LatencyHistogram();
            for (int i = 0; i < values.length; i++) {
                values[i] = (long) Math.exp(random.nextDouble(Math.log(1_000), Math.log(5_000_000_000L)));
                histogram.record(values[i]);
            }
            Arrays.sort(values);
            long exact = values[(int) Math.ceil(quantile * values.length) - 1];

            long reported = histogram.percentileNanos(quantile);

            assertTrue(reported >= exact, () -> "reported " + reported + " below exact " + exact);
            assertTrue(reported <= exact * 1.032, () -> "reported " + reported + " too far above exact " + exact);
        }

        @Test
        void exact_for_small_values() {
            LatencyHistogram histogram = new LatencyHistogram();
            for (long v = 1; v <= 50; v++) {
                histogram.record(v);
            }
            assertEquals(25, histogram.percentileNanos(0.5));
            assertEquals(50, histogram.percentileNanos(1.0));
        }

        @Test
        void never_above_the_largest_value_recorded() {
            LatencyHistogram histogram = new LatencyHistogram();
            histogram.record(1_000_001);
            assertEquals(1_000_001, histogram.percentileNanos(0.99));
            assertEquals(1_000_001, histogram.maxNanos());
        }

        @Test
        void of_zero_when_nothing_was_recorded() {
            assertEquals(0, new LatencyHistogram().percentileNanos(0.5));
        }
    }

    @Nested
    @DisplayName("buckets")
    class Buckets {

        @Test
        void bound_every_value_from_above_and_grow_with_it() {
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 100_000; i++) {
                long value = random.nextLong(Long.MAX_VALUE >>> random.nextInt(63));
                int bucket = LatencyHistogram.bucket(value);
                assertTrue(LatencyHistogram.upperBound(bucket) >= value, () -> "bucket of " + value);
                assertTrue(bucket == 0 || LatencyHistogram.upperBound(bucket - 1) < value, () -> "bucket of " + value);
            }
        }
    }

    @Test
    void rejects_a_negative_latency_and_a_quantile_outside_the_unit_interval() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> histogram.record(-1));
        assertThrows(IllegalArgumentException.class, () -> histogram.percentileNanos(0));
        assertThrows(IllegalArgumentException.class, () -> histogram.percentileNanos(1.5));
    }
}
