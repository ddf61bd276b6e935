package dev.spillway.samples.load;

import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * The checksum of everything a run produced: a sum, modulo 2<sup>64</sup>, of one mixed value per
 * operation.
 *
 * <p>Addition is commutative and associative, so the result depends only on which operations ran
 * and what each produced, never on their order, their timing or how many threads ran them. Mixing
 * the operation's index into each term makes two operations that swapped outputs change the sum.
 */
public final class OutputChecksum {

    private final LongAdder sum = new LongAdder();
    private final LongAdder operations = new LongAdder();

    /** Adds the output digest of operation {@code index}; safe to call from any thread. */
    public void add(long index, long digest) {
        sum.add(Mix.mix64(Mix.mix64(index) ^ digest));
        operations.increment();
    }

    public long value() {
        return sum.sum();
    }

    public long operations() {
        return operations.sum();
    }

    /** Sixteen lower-case hex digits: the form the RESULT line and summary.json carry. */
    public String hex() {
        return HexFormat.of().toHexDigits(value());
    }
}
