package dev.spillway.reporter.compare;

import java.util.List;

import dev.spillway.reporter.analyze.Report;

/**
 * Two or more runs side by side: the first is the baseline. Each metric row holds one cell per run with the
 * delta against the baseline and a verdict (the rule is in {@link Comparer} and docs/REPORT.md).
 */
public record Comparison(double relativeNoise, List<RunResult> runs, List<MetricRow> metrics) {

    public static final String FORMAT = "spillway-comparison/1";

    public record RunResult(String name, Report report, List<RunMetric> extra) {
    }

    public record MetricRow(String key, String label, String unit, Direction direction, double noiseFloor, List<Cell> cells) {
    }

    /** {@code value} is null when the run has no such metric; deltas are null for the baseline. */
    public record Cell(String run, Double value, Double delta, Double relativeDelta, Outcome outcome) {
    }

    public RunResult baseline() {
        return runs.getFirst();
    }
}
