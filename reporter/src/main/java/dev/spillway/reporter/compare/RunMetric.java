package dev.spillway.reporter.compare;

/**
 * A number about a run that is not in its recording, such as the throughput a benchmark measured.
 *
 * @param unit      {@code count}, {@code ns}, {@code bytes}, {@code bytes/s}, {@code fraction}, or any text
 *                  (for example {@code ops/s})
 * @param noiseFloor differences smaller than this (in the metric's unit) are {@link Outcome#SAME} whatever the
 *                  relative change
 */
public record RunMetric(String name, double value, String unit, Direction direction, double noiseFloor) {
    public RunMetric(String name, double value, String unit, Direction direction) {
        this(name, value, unit, direction, 0);
    }
}
