package dev.spillway.allocator.metrics;

import dev.spillway.allocator.AllocatorMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds one allocator's statistics (a pool, block pool or arena pool) to Micrometer, tagged with
 * {@code allocator} and {@code backing}: gauges {@code spillway.allocator.reserved}, {@code .used},
 * {@code .used.peak}, {@code .limit} (bytes) and counters {@code spillway.allocator.allocations} and
 * {@code .frees}.
 */
public final class AllocatorMetrics implements MeterBinder {

    private final AllocatorMetric metric;

    /** @param metric the allocator's statistics, e.g. {@code pool.metric()} */
    public AllocatorMetrics(AllocatorMetric metric) {
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("allocator", metric.name(), "backing", metric.backing());
        gauge(registry, tags, "spillway.allocator.reserved", "Bytes reserved from the OS", AllocatorMetric::reservedBytes);
        gauge(registry, tags, "spillway.allocator.used", "Bytes handed out", AllocatorMetric::usedBytes);
        gauge(registry, tags, "spillway.allocator.used.peak", "High-water mark of bytes handed out",
                AllocatorMetric::peakUsedBytes);
        gauge(registry, tags, "spillway.allocator.limit", "Off-heap limit, 0 when none", AllocatorMetric::limitBytes);
        FunctionCounter.builder("spillway.allocator.allocations", metric, AllocatorMetric::allocations)
                .tags(tags).description("Allocations served").register(registry);
        FunctionCounter.builder("spillway.allocator.frees", metric, AllocatorMetric::frees)
                .tags(tags).description("Frees").register(registry);
    }

    private void gauge(MeterRegistry registry, Tags tags, String name, String description,
            ToDoubleFunction<AllocatorMetric> value) {
        Gauge.builder(name, metric, value).tags(tags).description(description).baseUnit(BaseUnits.BYTES)
                .strongReference(true).register(registry);
    }
}
