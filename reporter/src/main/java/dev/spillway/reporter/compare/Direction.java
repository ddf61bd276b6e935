package dev.spillway.reporter.compare;

/** Which way a metric improves. */
public enum Direction {
    LOWER_IS_BETTER, HIGHER_IS_BETTER,
    /** Shown with its delta, never judged (off-heap use goes up when the redirect works). */
    NEUTRAL
}
