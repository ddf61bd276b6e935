package dev.spillway.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteKind;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.SiteStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AllocationRecorderTest {
    private static final HeapGeometry ONE_MIB_REGIONS = new HeapGeometry("G1", 1 << 20, 16);
    private final SiteRegistry registry = new SiteRegistry();
    private final int site = registry.register(new Site("a.B", "m", "()V", 3, 10, SiteKind.NEW_BYTE_ARRAY),
            SiteDecision.profiled());

    @Nested
    class CountsExactly {
        @Test
        void fromManyThreadsAtOnce() throws InterruptedException {
            AllocationRecorder recorder = new AllocationRecorder(registry, 1 << 16, () -> ONE_MIB_REGIONS);
            int threads = 8;
            int perThread = 20_000;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        recorder.record(i % 2 == 0 ? 100 : 1 << 16, site);
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            SiteStatistics statistics = registry.entry(site).counters().snapshot();
            long each = (long) threads * perThread / 2;
            assertEquals(2 * each, statistics.allocations());
            assertEquals(each * 100 + each * (1 << 16), statistics.bytes());
            assertEquals(each, statistics.largeAllocations());
            assertEquals(each, statistics.histogram()[6]);
            assertEquals(each, statistics.histogram()[16]);
        }
    }

    @Nested
    class Ignores {
        @Test
        void negativeSizesAndUnknownSites() {
            AllocationRecorder recorder = new AllocationRecorder(registry, 10, () -> ONE_MIB_REGIONS);
            recorder.record(-5, site);
            recorder.record(5, 99);
            recorder.record(5, -1);
            assertEquals(0, registry.entry(site).counters().snapshot().allocations());
        }
    }

    @Nested
    class TellsListeners {
        @Test
        void ofLargeAllocationsOnlyWithTheirHumongousFlag() {
            AllocationRecorder recorder = new AllocationRecorder(registry, 1000, () -> ONE_MIB_REGIONS);
            List<String> heard = new ArrayList<>();
            recorder.addListener((entry, size, humongous) -> heard.add(entry.index() + ":" + size + ":" + humongous));
            recorder.record(999, site);
            recorder.record(1000, site);
            recorder.record(600_000, site);
            assertEquals(List.of(site + ":1000:false", site + ":600000:true"), heard);
        }

        @Test
        void andNoLongerOnceRemoved() {
            AllocationRecorder recorder = new AllocationRecorder(registry, 0, () -> ONE_MIB_REGIONS);
            List<Integer> heard = new ArrayList<>();
            LargeAllocationListener listener = (entry, size, humongous) -> heard.add(size);
            recorder.addListener(listener);
            recorder.record(1, site);
            recorder.removeListener(listener);
            recorder.record(2, site);
            assertEquals(List.of(1), heard);
        }
    }

    @Nested
    class TheRuntimeEntryPoint {
        @Test
        void swallowsAndCountsFailuresOfTheRecorder() {
            AllocationRecorder recorder = new AllocationRecorder(registry, 0, () -> ONE_MIB_REGIONS);
            recorder.addListener((entry, size, humongous) -> {
                throw new IllegalStateException("listener bug");
            });
            SpillwayRuntime.install(recorder);
            try {
                SpillwayRuntime.profile(10, site);
            } finally {
                SpillwayRuntime.uninstall(recorder);
            }
            assertEquals(1, recorder.failures());
            assertEquals(1, registry.entry(site).counters().snapshot().allocations());
        }
    }
}
