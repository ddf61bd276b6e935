package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.analyze.Report;

/**
 * A recording of several chunks (here: two recordings concatenated, which JFR reads as one) reports the
 * collections and sites of all of them.
 */
@DisplayName("A recording of several chunks")
class ChunkedRecordingTest {
    @TempDir
    static Path dir;
    private static Path twoRecordings;
    private static Report g1;
    private static Report agent;

    @BeforeAll
    static void concatenate() throws IOException {
        twoRecordings = dir.resolve("two.jfr");
        try (OutputStream out = Files.newOutputStream(twoRecordings)) {
            Files.copy(TestRecordings.g1(), out);
            Files.copy(TestRecordings.fakeAgent(), out);
        }
        g1 = TestRecordings.report(TestRecordings.g1());
        agent = TestRecordings.report(TestRecordings.fakeAgent());
    }

    @Test
    void holdsTheCollectionsAndSitesOfBoth() throws IOException {
        Report both = Reports.analyze(twoRecordings);
        assertEquals(RecordingFileCheck.check(TestRecordings.g1()).chunks() + RecordingFileCheck.check(TestRecordings.fakeAgent()).chunks(),
                both.recording().chunks());
        assertEquals(g1.gc().collections() + agent.gc().collections(), both.gc().collections());
        assertEquals(g1.gc().totalPauseNanos() + agent.gc().totalPauseNanos(), both.gc().totalPauseNanos());
        assertEquals(g1.gc().maxPauseNanos() > agent.gc().maxPauseNanos() ? g1.gc().maxPauseNanos() : agent.gc().maxPauseNanos(),
                both.gc().maxPauseNanos());
        assertEquals("agent", both.sites().source());
        assertEquals(agent.agent().coverage().redirectedBytes(), both.agent().coverage().redirectedBytes());
    }
}
