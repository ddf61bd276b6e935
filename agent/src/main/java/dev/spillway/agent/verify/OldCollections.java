package dev.spillway.agent.verify;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Counts the collections that are evidence that a weakly watched value, released earlier, is still reachable.
 * Two facts of HotSpot's collectors decide what counts (docs/AGENT.md, "verify=true", has the measurements):
 *
 * <ul>
 *   <li>A collection that starts while the releasing frame still holds the value sees it live. A loop site
 *       releases its previous value inside the very call that allocates the next one, and that allocation may be
 *       what triggers the collection; so one collection is never enough, and a full stop-the-world collection
 *       counts {@code ENOUGH / 2}.</li>
 *   <li>A concurrent old cycle (G1's marking, ZGC's major cycle) discovers a weak reference only when the
 *       reference object itself is in the old generation; a young reference is traced like a strong one. The
 *       watching reference is created at the release, so it is young, while the value may long be old (a method
 *       that runs for many collections holds its array that long). Until the reference has been promoted, such
 *       a cycle keeps the value alive whatever the application does, so concurrent units count only once the reference
 *       is old ({@link #promoted}). An object's age is four bits in HotSpot, so after {@value #PROMOTING} young
 *       collections the reference is old.</li>
 * </ul>
 *
 * A stop-the-world full collection discovers references in every generation. Young collections count nothing
 * as evidence, because an old value survives them whatever its reachability.
 */
final class OldCollections {
    /** Units of evidence from which a still reachable value is reported. */
    static final long ENOUGH = 4;
    /** Young collections after which an object that survived them all is in the old generation. */
    static final long PROMOTING = 16;

    private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    private final boolean generational = beans.stream().anyMatch(bean -> young(bean.getName()));
    private final boolean generationalShenandoah = "generational".equals(vmOption("ShenandoahGCMode"));

    /**
     * Collections counted at one moment; every field never decreases.
     *
     * @param full units of full stop-the-world collections
     * @param concurrent units of concurrent old cycles
     * @param young young collections
     */
    record Count(long full, long concurrent, long young) {}

    /** The counts now. */
    Count now() {
        long full = 0;
        long concurrent = 0;
        long young = 0;
        for (GarbageCollectorMXBean bean : beans) {
            long count = Math.max(0, bean.getCollectionCount());
            String name = bean.getName();
            if (young(name)) {
                young += count;
            } else if (full(name)) {
                full += count * (ENOUGH / 2);
            } else {
                concurrent += count * concurrentWeight(name, generationalShenandoah);
            }
        }
        return new Count(full, concurrent, young);
    }

    /**
     * Whether a reference created before {@code since} was counted is certainly old at {@code now}: after
     * {@value #PROMOTING} young collections, or at once when the collector has no young generation.
     */
    boolean promoted(Count since, Count now) {
        return !generational || now.young() - since.young() >= PROMOTING;
    }

    static boolean young(String name) {
        return switch (name) {
            case "G1 Young Generation", "PS Scavenge", "Copy", "ZGC Minor Cycles" -> true;
            default -> false;
        };
    }

    static boolean full(String name) {
        return switch (name) {
            case "G1 Old Generation", "PS MarkSweep", "MarkSweepCompact" -> true;
            default -> false;
        };
    }

    /**
     * Units of one collection by the concurrent collector named {@code name}: two complete cycles make
     * {@link #ENOUGH}; 0 for unknown collectors, and for Shenandoah's generational mode, whose young cycles are
     * counted under the same name and prove nothing about old values.
     */
    static long concurrentWeight(String name, boolean generationalShenandoah) {
        return switch (name) {
            case "ZGC Major Cycles", "ZGC Cycles" -> ENOUGH / 2;
            case "Shenandoah Cycles" -> generationalShenandoah ? 0 : ENOUGH / 2;
            // Counts the Remark and the Cleanup pause of each concurrent cycle.
            case "G1 Concurrent GC" -> ENOUGH / 4;
            default -> 0;
        };
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
