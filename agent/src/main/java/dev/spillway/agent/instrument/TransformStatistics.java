package dev.spillway.agent.instrument;

import java.util.concurrent.atomic.LongAdder;

/** How many classes the agent rewrote, and how many it had to leave as they were because rewriting failed. */
public final class TransformStatistics {
    private final LongAdder transformed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void rewritten() {
        transformed.increment();
    }

    void failed() {
        failed.increment();
    }

    /** Classes whose sites were rewritten (each transformation counts, retransformations included). */
    public long transformedClasses() {
        return transformed.sum();
    }

    /** Classes left unchanged because their transformation failed. */
    public long failedClasses() {
        return failed.sum();
    }
}
