package dev.spillway.reporter.read;

/**
 * Ticks to epoch nanoseconds, with jdk.jfr's arithmetic so that both readers agree to the nanosecond: the divisor
 * is ticks per second divided by 10^9 in integer arithmetic, then used as a double; and, as jdk.jfr does, the
 * first chunk's start is the reference for every chunk of the file.
 */
record TimeConverter(long startTicks, long startNanos, double divisor) {

    static TimeConverter of(ChunkHeader first) {
        return new TimeConverter(first.startTicks(), first.startNanos(), first.ticksPerSecond() / 1_000_000_000L);
    }

    long timestamp(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / divisor);
    }

    long timespan(long ticks) {
        return (long) (ticks / divisor);
    }
}
