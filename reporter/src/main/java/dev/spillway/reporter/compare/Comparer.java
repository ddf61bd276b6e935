package dev.spillway.reporter.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.spillway.reporter.analyze.Report;

/**
 * Compares runs metric by metric. A candidate's value is {@link Outcome#SAME} as the baseline's when the
 * difference is within the relative noise (default 5% of the baseline) or below the metric's absolute noise floor;
 * otherwise it is better or worse according to the metric's {@link Direction}.
 */
public final class Comparer {
    public static final double DEFAULT_RELATIVE_NOISE = 0.05;

    private record Builtin(String key, String label, String unit, Direction direction, double noiseFloor,
                           Function<Report, Double> value) {
    }

    private static final List<Builtin> BUILTINS = List.of(
            new Builtin("gc.collections", "GC collections", "count", Direction.LOWER_IS_BETTER, 2, r -> (double) r.gc().collections()),
            new Builtin("gc.totalPause", "total GC pause", "ns", Direction.LOWER_IS_BETTER, 1e6, r -> (double) r.gc().totalPauseNanos()),
            new Builtin("gc.p50Pause", "pause p50", "ns", Direction.LOWER_IS_BETTER, 2e5, r -> (double) r.gc().p50PauseNanos()),
            new Builtin("gc.p99Pause", "pause p99", "ns", Direction.LOWER_IS_BETTER, 5e5, r -> (double) r.gc().p99PauseNanos()),
            new Builtin("gc.maxPause", "longest pause", "ns", Direction.LOWER_IS_BETTER, 5e5, r -> (double) r.gc().maxPauseNanos()),
            new Builtin("gc.pauseShare", "time paused", "fraction", Direction.LOWER_IS_BETTER, 0.002, r -> r.gc().pauseShareOfWallTime()),
            new Builtin("gc.humongousCollections", "humongous collections", "count", Direction.LOWER_IS_BETTER, 1,
                    r -> (double) r.gc().humongousCollections()),
            new Builtin("gc.allocationStalls", "allocation stalls", "count", Direction.LOWER_IS_BETTER, 1, r -> (double) r.gc().allocationStalls()),
            new Builtin("allocation.rate", "allocation rate", "bytes/s", Direction.LOWER_IS_BETTER, 1024 * 1024,
                    r -> r.allocation().source().equals("none") ? null : r.allocation().bytesPerSecond()),
            new Builtin("heap.peakAfterGc", "heap after GC (peak)", "bytes", Direction.LOWER_IS_BETTER, 1024 * 1024,
                    r -> r.gc().collections() == 0 ? null : (double) r.heap().peakAfterGc()),
            new Builtin("heap.averageAfterGc", "heap after GC (average)", "bytes", Direction.LOWER_IS_BETTER, 1024 * 1024,
                    r -> r.gc().collections() == 0 ? null : (double) r.heap().averageAfterGc()),
            new Builtin("offHeap.peakUsed", "off-heap used (peak)", "bytes", Direction.NEUTRAL, 0,
                    r -> r.offHeap().present() ? (double) r.offHeap().peakUsedBytes() : null),
            new Builtin("agent.coverage", "redirect coverage", "fraction", Direction.HIGHER_IS_BETTER, 0.01,
                    r -> r.agent() == null ? null : r.agent().coverage().ratio()));

    private Comparer() {
    }

    public static Comparison compare(List<Comparison.RunResult> runs, double relativeNoise) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("a comparison needs at least two runs, got " + runs.size());
        }
        List<Comparison.MetricRow> rows = new ArrayList<>();
        for (Builtin b : BUILTINS) {
            List<Double> values = runs.stream().map(run -> b.value().apply(run.report())).toList();
            if (values.stream().anyMatch(v -> v != null)) {
                rows.add(row(b.key(), b.label(), b.unit(), b.direction(), b.noiseFloor(), runs, values, relativeNoise));
            }
        }
        Map<String, RunMetric> extraNames = new LinkedHashMap<>();
        runs.forEach(run -> run.extra().forEach(m -> extraNames.putIfAbsent(m.name(), m)));
        for (RunMetric template : extraNames.values()) {
            List<Double> values = runs.stream().map(run -> run.extra().stream()
                    .filter(m -> m.name().equals(template.name())).findFirst().map(RunMetric::value).orElse(null)).toList();
            rows.add(row("extra." + template.name(), template.name(), template.unit(), template.direction(),
                    template.noiseFloor(), runs, values, relativeNoise));
        }
        return new Comparison(relativeNoise, List.copyOf(runs), List.copyOf(rows));
    }

    private static Comparison.MetricRow row(String key, String label, String unit, Direction direction, double floor,
                                            List<Comparison.RunResult> runs, List<Double> values, double relativeNoise) {
        Double base = values.getFirst();
        List<Comparison.Cell> cells = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Double value = values.get(i);
            if (i == 0 || value == null || base == null) {
                cells.add(new Comparison.Cell(runs.get(i).name(), value, null, null, Outcome.NONE));
                continue;
            }
            double delta = value - base;
            Double relative = base == 0 ? null : delta / Math.abs(base);
            cells.add(new Comparison.Cell(runs.get(i).name(), value, delta, relative, outcome(direction, base, delta, floor, relativeNoise)));
        }
        return new Comparison.MetricRow(key, label, unit, direction, floor, List.copyOf(cells));
    }

    static Outcome outcome(Direction direction, double base, double delta, double floor, double relativeNoise) {
        if (direction == Direction.NEUTRAL) {
            return Outcome.NONE;
        }
        if (Math.abs(delta) <= floor || Math.abs(delta) <= relativeNoise * Math.abs(base)) {
            return Outcome.SAME;
        }
        boolean lower = delta < 0;
        return lower == (direction == Direction.LOWER_IS_BETTER) ? Outcome.BETTER : Outcome.WORSE;
    }
}
