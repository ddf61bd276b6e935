package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.read.Observation;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Golden test: the numbers the analysis derives from a G1 recording with humongous churn (Churn.java, 1 MiB
 * regions, recorded by {@code spillway run --no-agent}) match what the recording's events say when read directly.
 */
@DisplayName("A G1 recording with humongous churn")
class G1RecordingTest {
    /** The packages docs/REPORT.md calls "the JDK" when it picks a sample's site. */
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static Report report;
    private static List<RecordedEvent> collections;
    private static List<RecordedEvent> events;

    @BeforeAll
    static void load() throws IOException {
        Path recording = TestRecordings.g1();
        report = TestRecordings.report(recording);
        events = RecordingFile.readAllEvents(recording);
        collections = named("jdk.GarbageCollection");
    }

    private static List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static long pause(RecordedEvent e) {
        return e.getDuration("sumOfPauses").toNanos();
    }

    @Nested
    @DisplayName("collections")
    class Collections {
        @Test
        void countsEveryGarbageCollectionEvent() {
            assertFalse(collections.isEmpty(), "the workload must cause collections");
            assertEquals(collections.size(), report.gc().collections());
        }

        @Test
        void sumsThePausesOfEveryCollection() {
            assertEquals(collections.stream().mapToLong(G1RecordingTest::pause).sum(), report.gc().totalPauseNanos());
        }

        @Test
        void reportsTheLongestPause() {
            assertEquals(collections.stream().mapToLong(G1RecordingTest::pause).max().orElseThrow(), report.gc().maxPauseNanos());
        }

        @Test
        void reportsTheMedianAndThe99thPercentileWithinOnePercent() {
            long[] sorted = collections.stream().mapToLong(G1RecordingTest::pause).sorted().toArray();
            long p50 = sorted[(int) Math.ceil(0.50 * sorted.length) - 1];
            long p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
            assertEquals(p50, report.gc().p50PauseNanos(), p50 * 0.01 + 1);
            assertEquals(p99, report.gc().p99PauseNanos(), p99 * 0.01 + 1);
        }

        @Test
        void countsTheCollectionsCausedByHumongousAllocations() {
            long humongous = collections.stream().filter(e -> "G1 Humongous Allocation".equals(e.getString("cause"))).count();
            assertTrue(humongous > 0, "600 KiB arrays with 1 MiB regions must cause humongous collections");
            assertEquals(humongous, report.gc().humongousCollections());
            assertEquals(collections.stream().filter(e -> "G1 Humongous Allocation".equals(e.getString("cause")))
                    .mapToLong(G1RecordingTest::pause).sum(), report.gc().humongousPauseNanos());
        }

        @Test
        void groupsCollectionsByCauseAndByCollectorAsTheEventsDo() {
            assertEquals(collections.stream().collect(Collectors.groupingBy(e -> e.getString("cause"), Collectors.counting())),
                    report.gc().byCause().stream().collect(Collectors.toMap(Report.Group::name, Report.Group::count)));
            assertEquals(collections.stream().collect(Collectors.groupingBy(e -> e.getString("name"), Collectors.counting())),
                    report.gc().byCollector().stream().collect(Collectors.toMap(Report.Group::name, Report.Group::count)));
        }

        @Test
        void countsEachPauseBarOfTheHistogramOnce() {
            assertEquals(collections.size(), report.gc().pauseHistogram().stream().mapToLong(Report.Bin::count).sum());
        }
    }

    @Nested
    @DisplayName("heap")
    class Heap {
        @Test
        void takesTheRegionSizeFromTheFlagEvent() {
            assertEquals(1024 * 1024, report.recording().regionSize());
            assertTrue(report.recording().isG1());
        }

        @Test
        void takesTheMaximumHeapFromTheHeapConfiguration() {
            assertEquals(128L * 1024 * 1024, report.recording().maxHeap());
        }

        @Test
        void peakHeapAfterGcIsTheLargestAfterGcSummary() {
            long expected = named("jdk.GCHeapSummary").stream().filter(e -> "After GC".equals(e.getString("when")))
                    .mapToLong(e -> e.getLong("heapUsed")).max().orElseThrow();
            assertEquals(expected, report.heap().peakAfterGc());
        }

        @Test
        void drawsTheHeapAfterGcOverTime() {
            assertFalse(report.timelines().heapAfterGc().isEmpty());
            double max = report.timelines().heapAfterGc().stream().mapToDouble(Report.Point::value).max().orElseThrow();
            assertTrue(max <= report.heap().peakAfterGc());
        }
    }

    @Nested
    @DisplayName("sites")
    class Sites {
        private Map<String, Long> expectedBytesBySite() {
            Map<String, Long> bytes = new HashMap<>();
            for (RecordedEvent e : named("jdk.ObjectAllocationOutsideTLAB")) {
                if (!"[B".equals(e.getClass("objectClass").getName()) || e.getLong("allocationSize") < Observation.OutsideTlabAllocation.DEFAULT_THRESHOLD) {
                    continue;
                }
                String id = e.getStackTrace().getFrames().stream()
                        .filter(f -> f.isJavaFrame() && JDK_PACKAGES.stream().noneMatch(f.getMethod().getType().getName()::startsWith))
                        .findFirst()
                        .map(top -> top.getMethod().getType().getName() + "#" + top.getMethod().getName()
                                + top.getMethod().getDescriptor() + "@" + top.getBytecodeIndex())
                        .orElse("(unknown)");
                bytes.merge(id, e.getLong("allocationSize"), Long::sum);
            }
            return bytes;
        }

        private Report.SiteRow site(String method) {
            return report.sites().rows().stream().filter(r -> r.className().equals("Churn") && r.methodName().equals(method))
                    .findFirst().orElseThrow(() -> new AssertionError("no site Churn." + method));
        }

        @Test
        void comeFromTheOutsideTlabEventsOfSpillwaysSettings() {
            assertEquals("outside-tlab", report.sites().source());
        }

        @Test
        void sumTheBytesOfLargeByteArraysPerTopApplicationFrame() {
            Map<String, Long> actual = report.sites().rows().stream()
                    .collect(Collectors.toMap(Report.SiteRow::id, Report.SiteRow::bytes));
            assertEquals(expectedBytesBySite(), actual);
        }

        @Test
        void areRankedByBytes() {
            List<Long> bytes = report.sites().rows().stream().map(Report.SiteRow::bytes).toList();
            assertEquals(bytes.stream().sorted(Comparator.reverseOrder()).toList(), bytes);
        }

        @Test
        void markArraysOfHalfARegionOrMoreAsHumongous() {
            assertEquals(Boolean.TRUE, site("humongous").humongous());
            assertEquals(600 * 1024 + 16, site("humongous").maxSize());
            assertEquals(Boolean.FALSE, site("large").humongous());
            assertEquals(Boolean.FALSE, site("markupBuffer").humongous());
        }

        @Test
        void nameTheThreadThatAllocatedMost() {
            assertEquals("<script>alert(1)</script>", site("markupBuffer").topThread());
            assertEquals("main", site("humongous").topThread());
        }

        @Test
        void attributeEveryPauseToASiteOrToNobody() {
            long attributed = report.sites().rows().stream().mapToLong(Report.SiteRow::attributedPauseNanos).sum();
            long rounding = report.sites().rows().size() + 2;
            // As doubles: three longs would pick assertEquals(float, float, float), whose 24-bit mantissa rounds
            // pause totals of some 4e8 ns to multiples of 32, far more than the tolerance.
            assertEquals((double) report.gc().totalPauseNanos(),
                    (double) (attributed + report.sites().unattributedPauseNanos()), rounding);
        }

        @Test
        void attributeTheHumongousCollectionsToTheHumongousSite() {
            assertTrue(site("humongous").attributedPauseNanos() >= 0.99 * report.gc().humongousPauseNanos(),
                    () -> "humongous site got " + site("humongous").attributedPauseNanos() + " of " + report.gc().humongousPauseNanos());
            assertTrue(site("humongous").gcShare() > site("large").gcShare());
        }
    }

    @Nested
    @DisplayName("findings")
    class Findings {
        @Test
        void adviseOnTheHumongousSiteWithARegionSizeThatFitsIt() {
            Report.Finding finding = report.findings().stream().filter(f -> f.rule().equals("HUMONGOUS_COLLECTIONS")).findFirst()
                    .orElseThrow(() -> new AssertionError("no humongous finding in " + report.findings()));
            assertTrue(finding.title().endsWith("of GC pause time came from collections caused by humongous allocations"));
            assertTrue(finding.advice().contains("Churn.humongous"), finding.advice());
            assertTrue(finding.advice().contains("-XX:G1HeapRegionSize=2m"), finding.advice());
            assertTrue(finding.advice().contains("--designate 'Churn'"), finding.advice());
        }

        @Test
        void putWarningsFirst() {
            assertNotNull(report.findings());
            List<Report.Severity> severities = report.findings().stream().map(Report.Finding::severity).toList();
            assertEquals(severities.stream().sorted().toList(), severities);
        }
    }
}
