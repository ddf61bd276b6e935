package dev.spillway.samples.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run's JFR recording says about its collections and its large arrays.
 *
 * @param count collections ({@code jdk.GarbageCollection} events, concurrent cycles included)
 * @param pauseTotalMs sum of all stop-the-world pauses
 * @param pauseP99Ms 99th percentile (nearest rank) of the individual pauses
 * @param pauseMaxMs longest pause
 * @param causes collections per cause, e.g. {@code "G1 Humongous Allocation"}
 * @param largeArrayBytes heap {@code byte[]} bytes in allocations at or above the threshold that
 *     JFR saw (outside a TLAB or opening a new one): a lower bound of all of them
 * @param redirectedBytes bytes the agent served from the allocator or recycler instead of
 *     {@code new}, from its {@code dev.spillway.SiteSummary} events; 0 without the agent
 * @param agentMode the mode the agent reported in {@code dev.spillway.AgentConfiguration}, or null
 *     when no agent event was recorded
 */
public record GcStats(
        long count,
        double pauseTotalMs,
        double pauseP99Ms,
        double pauseMaxMs,
        Map<String, Long> causes,
        long largeArrayBytes,
        long redirectedBytes,
        String agentMode) {

    public static final String HUMONGOUS_CAUSE = "G1 Humongous Allocation";

    public GcStats {
        causes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(causes));
    }

    public long humongousCollections() {
        return causes.getOrDefault(HUMONGOUS_CAUSE, 0L);
    }
}
