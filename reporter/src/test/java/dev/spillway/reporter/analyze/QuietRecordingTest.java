package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.RecordingReader;
import jdk.jfr.Recording;

/** A recording without GC or allocation events, made in the test JVM: the report says what it cannot know. */
@DisplayName("A recording without GC or allocation events")
class QuietRecordingTest {
    @TempDir
    static Path dir;
    private static Path file;
    private static Report report;

    @BeforeAll
    static void record() throws Exception {
        file = dir.resolve("quiet.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        report = Reports.analyze(file);
    }

    @Test
    void hasNoCollectionsAndNoPercentiles() {
        assertEquals(0, report.gc().collections());
        assertEquals(0, report.gc().p99PauseNanos());
        assertTrue(report.gc().pauseHistogram().isEmpty());
    }

    @Test
    void saysThatItHasNoAllocationData() {
        assertEquals("none", report.sites().source());
        assertTrue(report.findings().stream().anyMatch(f -> f.rule().equals("NO_ALLOCATION_DATA")));
        assertNull(report.agent());
    }

    @Test
    void stillRendersAsHtml() {
        assertTrue(Reports.html(report).contains("Nothing stands out") || !report.findings().isEmpty());
    }

    @Test
    void letsAFailureOfTheAnalysisThroughInsteadOfCallingTheFileDamaged() throws Exception {
        RecordingFileCheck.Span span = RecordingFileCheck.check(file);
        IllegalStateException failure = new IllegalStateException("analysis bug");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> RecordingReader.read(file, observation -> { throw failure; }, fraction -> { }));
        assertEquals(failure, thrown);
        assertTrue(span.chunks() >= 1);
    }
}
