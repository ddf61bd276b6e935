package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Pause percentiles")
class DurationHistogramTest {

    static Stream<Arguments> distributions() {
        Random random = new Random(42);
        return Stream.of(
                Arguments.of("uniform 0..50 ms", (LongSupplier) () -> (long) (random.nextDouble() * 50e6)),
                Arguments.of("log-normal around 2 ms", (LongSupplier) () -> (long) (2e6 * Math.exp(random.nextGaussian()))),
                Arguments.of("mostly 1 ms with rare 500 ms", (LongSupplier) () -> random.nextInt(200) == 0 ? 500_000_000L : 1_000_000L + random.nextInt(1000)),
                Arguments.of("sub-microsecond", (LongSupplier) () -> random.nextInt(900) + 1));
    }

    @ParameterizedTest(name = "are within 1% of the exact nearest-rank value for {0}")
    @MethodSource("distributions")
    void areWithinOnePercentOfTheExactValue(String name, LongSupplier pauses) {
        DurationHistogram histogram = new DurationHistogram();
        long[] values = new long[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = pauses.getAsLong();
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[]{0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertEquals(exact, histogram.quantile(q), exact * 0.01 + 1, "quantile " + q);
        }
        assertEquals(values[values.length - 1], histogram.max());
    }

    @Test
    void areZeroWhenNothingWasRecorded() {
        assertEquals(0, new DurationHistogram().quantile(0.99));
    }

    @Test
    void neverExceedTheLargestRecordedValue() {
        DurationHistogram histogram = new DurationHistogram();
        histogram.record(1_234_567);
        assertEquals(1_234_567, histogram.quantile(0.5));
    }
}
