package dev.spillway.samples.demo;

import dev.spillway.reporter.analyze.Report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of one run that the demo prints and puts in summary.json, all taken from the
 * reporter's analysis of the run's recording, so the terminal, summary.json and report.html agree.
 *
 * @param count collections ({@code jdk.GarbageCollection} events, concurrent cycles included)
 * @param pauseTotalMs sum of the collections' pauses
 * @param pauseP99Ms 99th percentile of the per-collection pause
 * @param pauseMaxMs longest per-collection pause
 * @param humongousCollections collections caused by {@value #HUMONGOUS_CAUSE}
 * @param causes collections per cause
 * @param largeArrayBytes {@code byte[]} bytes of 64 KiB or more allocated on the heap: without the
 *     agent, those JFR saw outside a TLAB; with it, the large bytes at its sites less the redirected
 * @param redirectedBytes bytes the agent served from the allocator or recycler instead of
 *     {@code new}; 0 without the agent
 * @param agentMode the mode the agent reported, or null when the recording has no agent event
 */
public record GcStats(
        long count,
        double pauseTotalMs,
        double pauseP99Ms,
        double pauseMaxMs,
        long humongousCollections,
        Map<String, Long> causes,
        long largeArrayBytes,
        long redirectedBytes,
        String agentMode) {

    public static final String HUMONGOUS_CAUSE = "G1 Humongous Allocation";

    public GcStats {
        causes = Collections.unmodifiableMap(new LinkedHashMap<>(causes));
    }

    public static GcStats of(Report report) {
        Report.Gc gc = report.gc();
        Map<String, Long> causes = new LinkedHashMap<>();
        gc.byCause().forEach(group -> causes.put(group.name(), group.count()));
        Report.Agent agent = report.agent();
        Report.Coverage coverage = agent == null ? null : agent.coverage();
        long redirected = coverage == null ? 0 : coverage.redirectedBytes();
        long large = coverage != null ? coverage.largeBytes() - coverage.redirectedBytes()
                : "outside-tlab".equals(report.sites().source()) ? report.sites().totalBytes() : 0;
        return new GcStats(gc.collections(), millis(gc.totalPauseNanos()), millis(gc.p99PauseNanos()),
                millis(gc.maxPauseNanos()), gc.humongousCollections(), causes, large, redirected,
                agent == null ? null : agent.mode());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
