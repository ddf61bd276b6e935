package dev.spillway.reporter.compare;

/** The verdict on one metric of a candidate run against the baseline. */
public enum Outcome {
    BETTER, WORSE, SAME,
    /** The baseline itself, or a run that has no value for the metric. */
    NONE
}
