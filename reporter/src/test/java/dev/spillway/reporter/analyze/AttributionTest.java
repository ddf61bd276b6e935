package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
