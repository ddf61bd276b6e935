package dev.spillway.allocator.metrics;

import dev.spillway.allocator.recycle.RecyclerMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@code ByteArrayRecycler}'s statistics to Micrometer, tagged with {@code recycler}: gauges
 * {@code spillway.recycler.pooled} and {@code .limit} (bytes) and counters {@code spillway.recycler.borrows},
 * {@code .hits}, {@code .misses}, {@code .refusals}, {@code .returns}, {@code .discards}.
 */
public final class RecyclerMetrics implements MeterBinder {

    private final RecyclerMetric metric;

    /** @param metric the recycler's statistics, {@code recycler.metric()} */
    public RecyclerMetrics(RecyclerMetric metric) {
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("recycler", metric.name());
        Gauge.builder("spillway.recycler.pooled", metric, RecyclerMetric::pooledBytes).tags(tags)
                .description("Bytes of arrays resting in the recycler").baseUnit(BaseUnits.BYTES)
                .strongReference(true).register(registry);
        Gauge.builder("spillway.recycler.limit", metric, RecyclerMetric::limitBytes).tags(tags)
                .description("Bound on resting bytes").baseUnit(BaseUnits.BYTES).strongReference(true)
                .register(registry);
        counter(registry, tags, "spillway.recycler.borrows", "Calls of tryAcquire", RecyclerMetric::borrows);
        counter(registry, tags, "spillway.recycler.hits", "Borrows served by a resting array", RecyclerMetric::hits);
        counter(registry, tags, "spillway.recycler.misses", "Borrows served by a new array", RecyclerMetric::misses);
        counter(registry, tags, "spillway.recycler.refusals", "Borrows answered null", RecyclerMetric::refusals);
        counter(registry, tags, "spillway.recycler.returns", "Arrays released and kept", RecyclerMetric::returns);
        counter(registry, tags, "spillway.recycler.discards", "Arrays released and dropped, or evicted",
                RecyclerMetric::discards);
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String description,
            ToDoubleFunction<RecyclerMetric> value) {
        FunctionCounter.builder(name, metric, value).tags(tags).description(description).register(registry);
    }
}
