package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.spillway.reporter.TestRecordings;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

@DisplayName("Recordings of other collectors and JDKs")
class OtherRecordingsTest {

    private static List<RecordedEvent> named(Path recording, String name) throws IOException {
        return RecordingFile.readAllEvents(recording).stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Nested
    @DisplayName("a ZGC recording with the JDK's profile settings")
    class Zgc {
        private final Path recording = TestRecordings.zgc();
        private final Report report = TestRecordings.report(recording);

        @Test
        void countsTheCollectionsAndTheirPauses() throws IOException {
            List<RecordedEvent> collections = named(recording, "jdk.GarbageCollection");
            assertFalse(collections.isEmpty());
            assertEquals(collections.size(), report.gc().collections());
            assertEquals(collections.stream().mapToLong(e -> e.getDuration("sumOfPauses").toNanos()).sum(), report.gc().totalPauseNanos());
        }

        @Test
        void hasNoRegionsAndSoNoHumongousSites() {
            assertFalse(report.recording().isG1());
            assertEquals(0, report.recording().regionSize());
            assertEquals(0, report.gc().humongousCollections());
            assertTrue(report.sites().rows().stream().allMatch(r -> r.humongous() == null));
        }

        @Test
        void takesSitesFromAllocationSamplesAndSaysSo() {
            assertEquals("samples", report.sites().source());
            assertTrue(report.sites().rows().stream().anyMatch(r -> r.className().equals("Churn")));
            assertTrue(report.findings().stream().anyMatch(f -> f.rule().equals("SAMPLED_SITES")));
        }

        @Test
        void estimatesTheAllocationRateFromTheSampleWeights() throws IOException {
            long weights = named(recording, "jdk.ObjectAllocationSample").stream().mapToLong(e -> e.getLong("weight")).sum();
            assertEquals("samples", report.allocation().source());
            assertEquals(weights, report.allocation().allocatedBytes());
        }
    }

    @Nested
    @DisplayName("a G1 recording made by JDK 17")
    class Jdk17 {
        private final Path recording = TestRecordings.jdk17();
        private final Report report = TestRecordings.report(recording);

        @Test
        void isReadWithTheVersionItWasMadeBy() {
            assertTrue(report.recording().jvmVersion().contains("17."), report.recording().jvmVersion());
            assertTrue(report.recording().jfrVersion().startsWith("2."), report.recording().jfrVersion());
        }

        @Test
        void countsTheCollectionsAndTheHumongousOnes() throws IOException {
            List<RecordedEvent> collections = named(recording, "jdk.GarbageCollection");
            assertEquals(collections.size(), report.gc().collections());
            assertEquals(collections.stream().filter(e -> "G1 Humongous Allocation".equals(e.getString("cause"))).count(),
                    report.gc().humongousCollections());
        }

        @Test
        void knowsTheRegionSize() {
            assertEquals(1024 * 1024, report.recording().regionSize());
        }

        @Test
        void findsTheWorkloadsByteArraySites() {
            assertTrue(report.sites().rows().stream().anyMatch(r -> r.className().equals("Churn") && r.methodName().equals("humongous")));
            assertNull(report.agent());
        }
    }
}
