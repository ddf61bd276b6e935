package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.spillway.reporter.TestRecordings;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reading Spillway's own events (docs/EVENTS.md). The recording is made by FakeAgent.java, a stand-in that
 * declares and commits events with exactly the contract's names and fields around real allocations on G1, until
 * the end-to-end test with the real agent and allocator exists.
 */
@DisplayName("Spillway's agent and allocator events")
class AgentEventsTest {
    private static final String RELAY = "com.acme.Relay#copy(Ljava/io/InputStream;)V@17";
    private static final String STORE = "com.acme.Store#keep()V@5";
    private static final String CODEC = "com.acme.Codec#frame(I)[B@9";
    private static Report report;
    private static List<RecordedEvent> events;

    @BeforeAll
    static void load() throws IOException {
        Path recording = TestRecordings.fakeAgent();
        report = TestRecordings.report(recording);
        events = RecordingFile.readAllEvents(recording);
    }

    private static List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static Map<String, RecordedEvent> lastSummaries() {
        Map<String, RecordedEvent> last = new LinkedHashMap<>();
        named("dev.spillway.SiteSummary").stream()
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
                .forEach(e -> last.put(e.getString("site"), e));
        return last;
    }

    private static Report.SiteRow site(String id) {
        return report.sites().rows().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no site " + id));
    }

    @Nested
    @DisplayName("sites")
    class Sites {
        @Test
        void comeFromTheAgentsLargeAllocationEvents() {
            assertEquals("agent", report.sites().source());
            assertEquals(65536, report.sites().thresholdBytes());
        }

        @Test
        void sumTheWeightBytesOfEverySitesEvents() {
            Map<String, Long> expected = named("dev.spillway.LargeAllocation").stream()
                    .collect(Collectors.groupingBy(e -> e.getString("site"), Collectors.summingLong(e -> e.getLong("weightBytes"))));
            assertEquals(expected, report.sites().rows().stream().collect(Collectors.toMap(Report.SiteRow::id, Report.SiteRow::bytes)));
        }

        @Test
        void countThrottledAllocationsThroughTheirWeight() {
            long weights = named("dev.spillway.LargeAllocation").stream().filter(e -> e.getString("site").equals(CODEC))
                    .mapToLong(e -> e.getLong("weight")).sum();
            assertEquals(weights, site(CODEC).allocations());
            assertEquals("NEW_BYTE_ARRAY", site(CODEC).kind());
            assertEquals(88, site(CODEC).line());
        }

        @Test
        void carryTheVerdictOfTheLastSiteSummary() {
            lastSummaries().forEach((id, e) -> {
                Report.Verdict v = site(id).verdict();
                assertNotNull(v, id);
                assertEquals(e.getString("verdict"), v.verdict());
                assertEquals(e.getString("reason"), v.reason());
                assertEquals(e.getString("detail"), v.detail());
                assertEquals(e.getLong("largeBytes"), v.largeBytes());
                assertEquals(e.getLong("redirectedBytes"), v.redirectedBytes());
            });
        }

        @Test
        void markHumongousSitesByTheAgentsFlag() {
            assertEquals(Boolean.TRUE, site(STORE).humongous());
            assertEquals(Boolean.FALSE, site(CODEC).humongous());
        }

        @Test
        void neverAttributeGcToAllocationsThatDidNotReachTheHeap() {
            assertEquals(0, site(RELAY).attributedPauseNanos());
            assertTrue(site(STORE).attributedPauseNanos() > 0);
        }

        @Test
        void attributeTheHumongousCollectionsToTheSiteThatAllocatesOnTheHeap() {
            assertTrue(report.gc().humongousCollections() > 0, "the stand-in allocates humongous arrays");
            assertTrue(site(STORE).attributedPauseNanos() >= 0.99 * report.gc().humongousPauseNanos());
        }

        @Test
        void countTheEscapesTheAgentObserved() {
            assertEquals(named("dev.spillway.EscapeObserved").size(), site(RELAY).escapes());
            assertEquals("test: reachable after return", site(RELAY).escapeDetail());
        }
    }

    @Nested
    @DisplayName("the agent")
    class Agent {
        @Test
        void isDescribedByItsConfigurationEvent() {
            Report.Agent agent = report.agent();
            assertNotNull(agent);
            assertEquals("redirect", agent.mode());
            assertEquals("com.acme.**", agent.designate());
            assertEquals(1024 * 1024, agent.regionSize());
            assertEquals("dev.spillway.AgentConfiguration", report.recording().regionSizeSource());
        }

        @Test
        void coversTheRedirectedShareOfLargeBytes() {
            long large = lastSummaries().values().stream().mapToLong(e -> e.getLong("largeBytes")).sum();
            long redirected = lastSummaries().values().stream().mapToLong(e -> e.getLong("redirectedBytes")).sum();
            assertEquals(large, report.agent().coverage().largeBytes());
            assertEquals(redirected, report.agent().coverage().redirectedBytes());
            assertEquals((double) redirected / large, report.agent().coverage().ratio(), 1e-12);
        }

        @Test
        void countsSitesByVerdict() {
            assertEquals(Map.of("KEPT", 2L, "REDIRECTED_RECYCLED", 1L), report.agent().verdicts());
        }
    }

    @Nested
    @DisplayName("the allocator")
    class Allocator {
        @Test
        void peaksAtTheLargestUsedBytesOfItsStatistics() {
            long peak = named("dev.spillway.AllocatorStatistics").stream().mapToLong(e -> e.getLong("usedBytes")).max().orElseThrow();
            assertTrue(report.offHeap().present());
            assertEquals(peak, report.offHeap().peakUsedBytes());
            assertEquals(named("dev.spillway.ChunkMapped").size(), report.offHeap().chunksMapped());
        }

        @Test
        void reportsTheLastRecyclerStatistics() {
            RecordedEvent last = named("dev.spillway.RecyclerStatistics").stream()
                    .max(java.util.Comparator.comparing(RecordedEvent::getStartTime)).orElseThrow();
            Report.RecyclerRow row = report.offHeap().recyclers().getFirst();
            assertEquals(last.getLong("borrows"), row.borrows());
            assertEquals(last.getLong("hits"), row.hits());
        }

        @Test
        void drawsOffHeapUseOverTime() {
            assertTrue(report.timelines().offHeapUsed().size() > 1);
        }
    }

    @Nested
    @DisplayName("findings")
    class Findings {
        private Report.Finding finding(String rule) {
            return report.findings().stream().filter(f -> f.rule().equals(rule)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + rule + " in " + report.findings()));
        }

        @Test
        void stateTheRedirectCoverageAndNameTheKeptSitesWithTheirReasons() {
            Report.Finding f = finding("REDIRECT_COVERAGE");
            assertTrue(f.advice().contains("com.acme.Store.keep:12 (escapes-field: stored into field com.acme.Store.last"), f.advice());
        }

        @Test
        void warnAboutObservedEscapes() {
            assertEquals(Report.Severity.WARNING, finding("ESCAPES_OBSERVED").severity());
        }

        @Test
        void nameTheHumongousSiteForDesignationButNotTheOneAlreadyRedirected() {
            String advice = finding("HUMONGOUS_COLLECTIONS").advice();
            assertTrue(advice.contains("--designate 'com.acme.Store'"), advice);
            assertFalse(advice.contains("com.acme.Relay"), advice);
        }

        @Test
        void doNotReportTheSampledSitesCaveat() {
            assertNull(report.findings().stream().filter(f -> f.rule().equals("SAMPLED_SITES")).findFirst().orElse(null));
        }
    }
}
