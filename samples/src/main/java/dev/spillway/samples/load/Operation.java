package dev.spillway.samples.load;

/** One unit of load: operation {@code index} of a run, performed on whichever thread the driver chose. */
@FunctionalInterface
public interface Operation {

    /**
     * Performs operation {@code index} and tells what it produced. Must be a function of the index
     * (and the run's seed) alone, so that the run's checksum does not depend on scheduling.
     */
    Outcome perform(long index) throws Exception;

    /** What one operation produced: the bytes it moved and a digest of its output. */
    record Outcome(long bytes, long digest) {
    }
}
