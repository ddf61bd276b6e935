package dev.spillway.agent.verify;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Counts, in units, the collections after which a weakly reachable object of any age has certainly been found
 * unreachable. A value released before a collection started may still be seen live by it (a concurrent cycle
 * snapshots the heap at its start), so the checker waits for {@link #ENOUGH} units after a release: one full
 * stop-the-world collection, or two complete concurrent old cycles. Young collections count nothing, because an
 * old object survives them whatever its reachability.
 */
final class OldCollections {
    /** Units after a release from which a still reachable value is reported. */
    static final long ENOUGH = 4;

    private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();

    /** Units so far; never decreases. */
    long units() {
        long units = 0;
        for (GarbageCollectorMXBean bean : beans) {
            long count = Math.max(0, bean.getCollectionCount());
            units += count * weight(bean.getName());
        }
        return units;
    }

    /** Weight of one collection by a collector named {@code name}; 0 for young and unknown collectors. */
    static long weight(String name) {
        return switch (name) {
            case "G1 Old Generation", "PS MarkSweep", "MarkSweepCompact" -> ENOUGH;
            case "ZGC Major Cycles", "Shenandoah Cycles", "ZGC Cycles" -> ENOUGH / 2;
            // Counts the Remark and the Cleanup pause of each concurrent cycle.
            case "G1 Concurrent GC" -> ENOUGH / 4;
            default -> 0;
        };
    }
}
