package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.spillway.reporter.read.Observation;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.Site;

/** The attribution model of docs/REPORT.md, on hand-made observations whose shares can be worked out by hand. */
@DisplayName("Attributing GC pauses to sites")
class AttributionTest {
    private static final long MIB = 1024 * 1024;
    private static final long MS = 1_000_000;
    private static final Site HUGE = Site.of("com.acme.Huge", "alloc", "()V", 3, 10, "NEW_BYTE_ARRAY");
    private static final Site LARGE = Site.of("com.acme.Large", "alloc", "()V", 3, 20, "NEW_BYTE_ARRAY");
    private static final Site RECYCLED = Site.of("com.acme.Recycled", "alloc", "()V", 3, 30, "NEW_BYTE_ARRAY");

    private RecordingAnalyzer analyzer;
    private long clock;
    private int gcId;

    @BeforeEach
    void start() {
        analyzer = new RecordingAnalyzer("synthetic", 0, new RecordingFileCheck.Span(1, 0, 60_000 * MS, 2, 1));
        Consumer<Observation> in = analyzer;
        in.accept(new Observation.GcConfiguration(0, "G1New", "G1Old"));
        in.accept(new Observation.AgentConfiguration(0, "test", "redirect", 64 * 1024, "com.acme.**", "", 2 * MIB, false));
    }

    private void allocate(Site site, long bytes, boolean humongous, String outcome) {
        analyzer.accept(new Observation.LargeAllocation(clock += MS, site, bytes, humongous, outcome, 1, bytes, "main"));
    }

    private void collect(String cause, long pause, long heapBefore, long heapAfter) {
        int id = ++gcId;
        analyzer.accept(new Observation.HeapSummary(clock += MS, id, true, heapBefore, 256 * MIB));
        analyzer.accept(new Observation.HeapSummary(clock += MS, id, false, heapAfter, 256 * MIB));
        analyzer.accept(new Observation.Collection(clock - MS, MS, id, "G1New", cause, pause, pause));
    }

    private long attributed(Site site) {
        return analyzer.finish().sites().rows().stream().filter(r -> r.id().equals(site.id())).findFirst()
                .map(Report.SiteRow::attributedPauseNanos).orElse(0L);
    }

    @Nested
    @DisplayName("a collection caused by a humongous allocation")
    class Humongous {
        @Test
        void goesToTheSitesByTheirHumongousBytesSinceThePreviousCollection() {
            collect("G1 Evacuation Pause", 0, 10 * MIB, 10 * MIB);
            allocate(HUGE, 3 * MIB, true, "PLAIN");
            allocate(HUGE, 3 * MIB, true, "PLAIN");
            allocate(LARGE, 512 * 1024, false, "PLAIN");
            collect("G1 Humongous Allocation", 12 * MS, 30 * MIB, 12 * MIB);
            assertEquals(12 * MS, attributed(HUGE));
            assertEquals(0, attributed(LARGE));
        }

        @Test
        void withNoHumongousBytesSinceGoesToTheLatestHumongousSites() {
            allocate(HUGE, 3 * MIB, true, "PLAIN");
            collect("G1 Humongous Allocation", 4 * MS, 30 * MIB, 12 * MIB);
            collect("G1 Humongous Allocation", 6 * MS, 12 * MIB, 12 * MIB);
            assertEquals(10 * MS, attributed(HUGE));
        }

        @Test
        void neverGoesToRecycledAllocations() {
            allocate(RECYCLED, 3 * MIB, true, "RECYCLED");
            allocate(HUGE, 3 * MIB, true, "FALLBACK");
            collect("G1 Humongous Allocation", 8 * MS, 30 * MIB, 12 * MIB);
            assertEquals(8 * MS, attributed(HUGE));
            assertEquals(0, attributed(RECYCLED));
        }
    }

    @Nested
    @DisplayName("any other collection")
    class Allocation {
        @Test
        void goesToEachSiteByItsShareOfTheHeapsGrowth() {
            collect("G1 Evacuation Pause", 0, 10 * MIB, 10 * MIB);
            allocate(LARGE, MIB, false, "PLAIN");
            allocate(HUGE, 3 * MIB, true, "PLAIN");
            collect("G1 Evacuation Pause", 16 * MS, 26 * MIB, 10 * MIB);
            assertEquals(1 * MS, attributed(LARGE));
            assertEquals(3 * MS, attributed(HUGE));
            assertEquals(12 * MS, analyzer.finish().sites().unattributedPauseNanos());
        }
    }

    @Nested
    @DisplayName("a collection someone asked for")
    class Requested {
        @ParameterizedTest(name = "caused by {0} goes to no site")
        @ValueSource(strings = {"System.gc()", "Diagnostic Command", "Metadata GC Threshold", "Heap Dump Initiated GC"})
        void goesToNoSite(String cause) {
            allocate(HUGE, 3 * MIB, true, "PLAIN");
            collect(cause, 9 * MS, 30 * MIB, 12 * MIB);
            assertEquals(0, attributed(HUGE));
            assertEquals(9 * MS, analyzer.finish().sites().unattributedPauseNanos());
        }
    }

    @Nested
    @DisplayName("with allocation samples only")
    class Sampled {
        private static final double TAU = 1e9;
        private static final List<Site> SITES = List.of(HUGE, LARGE, RECYCLED);

        /**
         * The model as docs/REPORT.md states it, computed the direct way: each sum decays by {@code e^(−Δt/τ)} from
         * its newest sample on, a sample older than a sum's newest counts as of the newest, a site whose newest sample
         * is over 20 τ before a collection gets none of it, and a site's part is the pause times its sum over all
         * sampled bytes, at most the whole pause.
         */
        private static final class Direct {
            double all;
            long allAt;
            final Map<Site, double[]> sums = new HashMap<>();
            final Map<Site, Long> newest = new HashMap<>();
            final Map<Site, Double> attributed = new HashMap<>();

            void sample(long time, long bytes, Site site) {
                all = (time <= allAt ? all : all * Math.exp(-(time - allAt) / TAU)) + bytes;
                allAt = Math.max(allAt, time);
                double[] sum = sums.computeIfAbsent(site, s -> new double[1]);
                long at = newest.getOrDefault(site, 0L);
                sum[0] = (time <= at ? sum[0] : sum[0] * Math.exp(-(time - at) / TAU)) + bytes;
                newest.put(site, Math.max(at, time));
            }

            void collect(long time, long pause) {
                double total = all * (time <= allAt ? 1 : Math.exp(-(time - allAt) / TAU));
                if (total <= 0) {
                    return;
                }
                sums.forEach((site, sum) -> {
                    long at = newest.get(site);
                    if (time - at <= 20 * TAU) {
                        double mine = time <= at ? sum[0] : sum[0] * Math.exp(-(time - at) / TAU);
                        attributed.merge(site, pause * Math.min(1, mine / total), Double::sum);
                    }
                });
            }
        }

        /**
         * Random samples of three sites over ten minutes (so the analyzer's frame for the decaying sums moves), some
         * out of order, with pauses of minutes between bursts and collections now and then, some of them ending
         * before the newest sample: every site's attributed pause is the direct computation's, to the nanosecond.
         */
        @Test
        void asTheDecayingSumsOfTheModelShareIt() {
            for (long seed = 1; seed <= 20; seed++) {
                Random random = new Random(seed);
                RecordingAnalyzer sampled = new RecordingAnalyzer("synthetic", 0,
                        new RecordingFileCheck.Span(1, 0, 3_600_000 * MS, 2, 1));
                sampled.accept(new Observation.GcConfiguration(0, "G1New", "G1Old"));
                Direct direct = new Direct();
                long time = 1_700_000_000_000_000_000L;
                int id = 0;
                for (int i = 0; i < 3000; i++) {
                    long gap = random.nextInt(100) == 0 ? (long) (random.nextDouble() * 300 * TAU)
                            : (long) (-Math.log(1 - random.nextDouble()) * 0.2 * TAU);
                    time += gap;
                    long at = random.nextInt(20) == 0 ? time - random.nextInt(50) * MS : time;
                    Site site = SITES.get(random.nextInt(random.nextBoolean() ? 1 : SITES.size()));
                    long bytes = 1 + random.nextInt(4 * (int) MIB);
                    sampled.accept(new Observation.AllocationSample(at, "byte[]", bytes, site, "main"));
                    direct.sample(at, bytes, site);
                    if (random.nextInt(10) == 0) {
                        long end = time - (random.nextBoolean() ? random.nextInt(30) * MS : 0);
                        long pause = 1 + random.nextInt(10) * MS;
                        sampled.accept(new Observation.Collection(end - MS, MS, ++id, "G1New", "G1 Evacuation Pause",
                                pause, pause));
                        direct.collect(end, pause);
                    }
                }
                Report report = sampled.finish();
                assertEquals("samples", report.sites().source());
                for (Site site : SITES) {
                    long expected = Math.round(direct.attributed.getOrDefault(site, 0.0));
                    long actual = report.sites().rows().stream().filter(r -> r.id().equals(site.id())).findFirst()
                            .map(Report.SiteRow::attributedPauseNanos).orElse(0L);
                    assertTrue(Math.abs(actual - expected) <= 1, "seed " + seed + ", " + site.id() + ": " + actual
                            + " ns attributed, the model gives " + expected);
                }
            }
        }
    }
}
