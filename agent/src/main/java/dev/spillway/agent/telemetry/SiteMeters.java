package dev.spillway.agent.telemetry;

import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.sites.SiteCounters;
import dev.spillway.agent.sites.SiteEntry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Meters per allocation site: counters of allocations and bytes (all, large, humongous, redirected; fallback
 * and below-threshold allocations of redirected sites), read from the
 * site's counters when scraped, a distribution summary of the sizes of its large allocations, and an info-style
 * gauge {@code spillway.site.verdict} of value 1 tagged with the site's current verdict and reason.
 *
 * <p>The verdict is a gauge of its own, not a tag of the counters, because it can change while the site runs
 * ({@code verify=true} turns a site to {@code KEPT escape-observed}): on a change the site's gauge is removed
 * and one with the new tags registered, so exactly one verdict series per site exists at a time, while the
 * counters keep their one series and their history. Dashboards join the two on {@code site}.
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
        Map<Integer, Gauge> verdicts = new ConcurrentHashMap<>();
        // Both listeners run under the site registry's lock, so a site's gauge always shows its latest decision.
        recorder.sites().onDecisionChange(entry -> showVerdict(registry, verdicts, entry));
        recorder.sites().forEachSite(entry -> {
            sizes.put(entry.index(), register(registry, entry));
            showVerdict(registry, verdicts, entry);
        });
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
                "kind", entry.site().kind().name());
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

    /** Replaces the verdict gauge of {@code entry}'s site by one with its current decision, if that differs. */
    private static void showVerdict(MeterRegistry registry, Map<Integer, Gauge> verdicts, SiteEntry entry) {
        Tags tags = Tags.of(
                "site", entry.site().id(),
                "verdict", entry.decision().verdict().name(),
                "reason", entry.decision().reason() == null ? "none" : entry.decision().reasonToken());
        verdicts.compute(entry.index(), (index, shown) -> {
            if (shown != null && Tags.of(shown.getId().getTags()).equals(tags)) {
                return shown;
            }
            if (shown != null) {
                registry.remove(shown);
            }
            return Gauge.builder("spillway.site.verdict", () -> 1)
                    .description("1 per site, tagged with the site's current verdict and reason")
                    .tags(tags)
                    .register(registry);
        });
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
