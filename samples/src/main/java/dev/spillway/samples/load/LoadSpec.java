package dev.spillway.samples.load;

/**
 * How much load a run applies: a fixed number of operations rather than a duration, so that two
 * runs of the same spec produce the same output and their checksums can be compared.
 *
 * @param operations number of operations, at least 1
 * @param concurrency threads applying them, at least 1
 * @param seed what every message's size and content derive from
 * @param minSize smallest message in bytes
 * @param maxSize largest message in bytes
 */
public record LoadSpec(long operations, int concurrency, long seed, int minSize, int maxSize) {

    public LoadSpec {
        if (operations < 1) {
            throw new IllegalArgumentException("operations must be at least 1, got " + operations);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= min <= max, got " + minSize + ".." + maxSize);
        }
    }

    public Payloads payloads() {
        return new Payloads(seed);
    }
}
