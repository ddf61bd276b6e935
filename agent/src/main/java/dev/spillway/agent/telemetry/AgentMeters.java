package dev.spillway.agent.telemetry;

import dev.spillway.agent.instrument.TransformStatistics;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/** Agent-wide meters: totals over all sites, sites found, classes rewritten and left unchanged. */
public final class AgentMeters implements MeterBinder {
    private final AllocationRecorder recorder;
    private final TransformStatistics transforms;

    /**
     * @param recorder the sites to total
     * @param transforms the transformation counts
     */
    public AgentMeters(AllocationRecorder recorder, TransformStatistics transforms) {
        this.recorder = recorder;
        this.transforms = transforms;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        total(registry, "spillway.agent.allocations", null, SiteStatistics::allocations);
        total(registry, "spillway.agent.bytes", "bytes", SiteStatistics::bytes);
        total(registry, "spillway.agent.large.allocations", null, SiteStatistics::largeAllocations);
        total(registry, "spillway.agent.large.bytes", "bytes", SiteStatistics::largeBytes);
        total(registry, "spillway.agent.humongous.allocations", null, SiteStatistics::humongousAllocations);
        total(registry, "spillway.agent.humongous.bytes", "bytes", SiteStatistics::humongousBytes);
        Gauge.builder("spillway.agent.sites", recorder, r -> r.sites().size())
                .description("Allocation sites found in designated classes")
                .register(registry);
        FunctionCounter.builder("spillway.agent.classes.transformed", transforms,
                        TransformStatistics::transformedClasses)
                .description("Class transformations that rewrote sites")
                .register(registry);
        FunctionCounter.builder("spillway.agent.classes.failed", transforms, TransformStatistics::failedClasses)
                .description("Designated classes left unchanged because their transformation failed")
                .register(registry);
        FunctionCounter.builder("spillway.agent.recording.failures", recorder, AllocationRecorder::failures)
                .description("Allocations the agent failed to count")
                .register(registry);
    }

    private void total(MeterRegistry registry, String name, String unit, ToLongFunction<SiteStatistics> field) {
        FunctionCounter.builder(name, recorder, r -> {
                    long sum = 0;
                    for (SiteEntry entry : r.sites().entries()) {
                        sum += field.applyAsLong(entry.counters().snapshot());
                    }
                    return sum;
                })
                .baseUnit(unit)
                .register(registry);
    }
}
