package dev.spillway.allocator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.pool.Pool;
import dev.spillway.allocator.recycle.ByteArrayRecycler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AllocatorMetricsTest {

    @Test
    void bindsAPoolsStatisticsAsGaugesAndCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Pool pool = Pool.builder().name("metered").chunkSize(1 << 20).limit(8 << 20).build()) {
            new AllocatorMetrics(pool.metric()).bindTo(registry);
            MemorySegment segment = pool.allocate(1000);
            assertEquals(1024, registry.get("spillway.allocator.used").tag("allocator", "metered")
                    .tag("backing", "mmap").gauge().value());
            assertEquals(1 << 20, registry.get("spillway.allocator.reserved").gauge().value());
            assertEquals(8 << 20, registry.get("spillway.allocator.limit").gauge().value());
            assertEquals(1, registry.get("spillway.allocator.allocations").functionCounter().count());
            pool.free(segment);
            assertEquals(1, registry.get("spillway.allocator.frees").functionCounter().count());
            assertEquals(1024, registry.get("spillway.allocator.used.peak").gauge().value());
        }
    }

    @Test
    void bindsARecyclersStatistics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ByteArrayRecycler recycler = ByteArrayRecycler.builder().name("arrays").maxPooledBytes(4096).build()) {
            new RecyclerMetrics(recycler.metric()).bindTo(registry);
            recycler.release(recycler.tryAcquire(100));
            recycler.tryAcquire(100);
            assertEquals(2, registry.get("spillway.recycler.borrows").tag("recycler", "arrays").functionCounter()
                    .count());
            assertEquals(1, registry.get("spillway.recycler.hits").functionCounter().count());
            assertEquals(4096, registry.get("spillway.recycler.limit").gauge().value());
        }
    }

    @Test
    void bindersExposeNothingButBindTo() {
        for (Class<?> binder : List.of(AllocatorMetrics.class, RecyclerMetrics.class)) {
            List<String> methods = Arrays.stream(binder.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers())).map(m -> m.getName()).toList();
            assertEquals(List.of("bindTo"), methods, binder.getName());
        }
    }

    /** Micrometer is optional: no class outside the metrics package may refer to it. */
    @Test
    void onlyTheMetricsPackageRefersToMicrometer() throws IOException {
        Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !classes.relativize(f).toString().startsWith("dev/spillway/allocator/metrics"))
                    .filter(f -> {
                        try {
                            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                                    .contains("io/micrometer");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertTrue(offenders.isEmpty(), "classes referring to Micrometer: " + offenders);
        }
    }
}
