package dev.spillway.agent.telemetry;

import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.sites.SiteCounters;
import dev.spillway.agent.sites.SiteEntry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Meters per allocation site: counters of allocations and bytes (all, large, humongous, redirected; fallback
 * and below-threshold allocations of redirected sites), read from the
 * site's counters when scraped, and a distribution summary of the sizes of its large allocations.
 *
 * <p>Sites found after binding get their meters when they are registered. Sizes below the threshold are
 * not fed to the summary: that would put a meter update on every small allocation; their distribution is
 * in the site report's power-of-two histogram.
 */
public final class SiteMeters implements MeterBinder {
    private final AllocationRecorder recorder;

    /** @param recorder the sites to meter and the large allocations to measure */
    public SiteMeters(AllocationRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<Integer, DistributionSummary> sizes = new ConcurrentHashMap<>();
        recorder.sites().forEachSite(entry -> sizes.put(entry.index(), register(registry, entry)));
        recorder.addListener((entry, size, humongous) -> {
            DistributionSummary summary = sizes.get(entry.index());
            if (summary != null) {
                summary.record(size);
            }
        });
    }

    private DistributionSummary register(MeterRegistry registry, SiteEntry entry) {
        Tags tags = Tags.of(
                "site", entry.site().id(),
                "class", entry.site().className(),
                "method", entry.site().methodName(),
                "kind", entry.site().kind().name(),
                "verdict", entry.decision().verdict().name(),
                "reason", entry.decision().reason() == null ? "none" : entry.decision().reasonToken());
        SiteCounters counters = entry.counters();
        counter(registry, "spillway.site.allocations", null, tags, counters, c -> c.snapshot().allocations());
        counter(registry, "spillway.site.bytes", "bytes", tags, counters, c -> c.snapshot().bytes());
        counter(registry, "spillway.site.large.allocations", null, tags, counters,
                c -> c.snapshot().largeAllocations());
        counter(registry, "spillway.site.large.bytes", "bytes", tags, counters, c -> c.snapshot().largeBytes());
        counter(registry, "spillway.site.humongous.allocations", null, tags, counters,
                c -> c.snapshot().humongousAllocations());
        counter(registry, "spillway.site.humongous.bytes", "bytes", tags, counters,
                c -> c.snapshot().humongousBytes());
        counter(registry, "spillway.site.redirected.allocations", null, tags, counters,
                c -> c.snapshot().redirectedAllocations());
        counter(registry, "spillway.site.redirected.bytes", "bytes", tags, counters,
                c -> c.snapshot().redirectedBytes());
        counter(registry, "spillway.site.fallback.allocations", null, tags, counters,
                c -> c.snapshot().fallbackAllocations());
        counter(registry, "spillway.site.below.threshold.allocations", null, tags, counters,
                c -> c.snapshot().belowThresholdAllocations());
        return DistributionSummary.builder("spillway.site.large.size")
                .description("Sizes of the site's allocations at or above the threshold")
                .baseUnit("bytes")
                .tags(tags)
                .serviceLevelObjectives(powersOfTwoFrom(recorder.threshold()))
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String unit, Tags tags, SiteCounters counters,
            ToDoubleFunction<SiteCounters> value) {
        FunctionCounter.builder(name, counters, value).baseUnit(unit).tags(tags).register(registry);
    }

    private static double[] powersOfTwoFrom(int threshold) {
        int first = Math.max(SiteCounters.bucket(Math.max(threshold, 1)), 0);
        double[] bounds = new double[SiteCounters.BUCKETS - first];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.pow(2, first + i + 1);
        }
        return bounds;
    }
}
