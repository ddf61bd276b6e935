package dev.spillway.reporter.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.analyze.Report;

@DisplayName("Comparing runs")
class ComparerTest {

    @Nested
    @DisplayName("the verdict on a metric")
    class Verdict {
        @ParameterizedTest(name = "{0}: baseline {1}, delta {2}, floor {3} is {4}")
        @CsvSource({
                "LOWER_IS_BETTER, 100, -20, 0, BETTER",
                "LOWER_IS_BETTER, 100, 20, 0, WORSE",
                "LOWER_IS_BETTER, 100, 4, 0, SAME",
                "LOWER_IS_BETTER, 100, -5, 0, SAME",
                "LOWER_IS_BETTER, 100, -6, 0, BETTER",
                "LOWER_IS_BETTER, 100, -30, 50, SAME",
                "HIGHER_IS_BETTER, 800, 240, 0, BETTER",
                "HIGHER_IS_BETTER, 800, -240, 0, WORSE",
                "NEUTRAL, 0, 1000000, 0, NONE",
                "LOWER_IS_BETTER, 0, 3, 2, WORSE",
                "LOWER_IS_BETTER, 0, 1, 2, SAME"})
        void followsTheDirectionBeyondTheNoise(Direction direction, double base, double delta, double floor, Outcome expected) {
            assertEquals(expected, Comparer.outcome(direction, base, delta, floor, 0.05));
        }
    }

    @Nested
    @DisplayName("two recordings")
    class TwoRecordings {
        private final Report g1 = TestRecordings.report(TestRecordings.g1());
        private final Report zgc = TestRecordings.report(TestRecordings.zgc());

        @Test
        void giveEveryMetricOneCellPerRunWithTheDeltaAgainstTheBaseline() {
            Comparison c = Comparer.compare(List.of(new Comparison.RunResult("G1", g1, List.of()),
                    new Comparison.RunResult("ZGC", zgc, List.of())), 0.05);
            Comparison.MetricRow collections = c.metrics().stream().filter(m -> m.key().equals("gc.collections")).findFirst().orElseThrow();
            assertEquals(Outcome.NONE, collections.cells().getFirst().outcome());
            assertEquals((double) zgc.gc().collections() - g1.gc().collections(), collections.cells().get(1).delta());
        }

        @Test
        void joinNumbersMeasuredOutsideTheRecordings() {
            Comparison c = Comparer.compare(List.of(
                    new Comparison.RunResult("baseline", g1, List.of(new RunMetric("throughput", 800, "ops/s", Direction.HIGHER_IS_BETTER))),
                    new Comparison.RunResult("agent", g1, List.of(new RunMetric("throughput", 1000, "ops/s", Direction.HIGHER_IS_BETTER)))), 0.05);
            Comparison.MetricRow throughput = c.metrics().stream().filter(m -> m.key().equals("extra.throughput")).findFirst().orElseThrow();
            assertEquals(Outcome.BETTER, throughput.cells().get(1).outcome());
            assertEquals(0.25, throughput.cells().get(1).relativeDelta(), 1e-12);
        }

        @Test
        void findTheSameRecordingTheSameOnEveryMetric() {
            Comparison c = Comparer.compare(List.of(new Comparison.RunResult("a", g1, List.of()),
                    new Comparison.RunResult("b", g1, List.of())), 0.05);
            c.metrics().forEach(m -> assertEquals(m.direction() == Direction.NEUTRAL ? Outcome.NONE : Outcome.SAME,
                    m.cells().get(1).outcome(), m.key()));
        }
    }

    @Test
    void needsAtLeastTwoRuns() {
        assertThrows(IllegalArgumentException.class, () -> Comparer.compare(
                List.of(new Comparison.RunResult("alone", TestRecordings.report(TestRecordings.g1()), List.of())), 0.05));
    }
}
