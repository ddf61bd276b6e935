package dev.spillway.samples.demo;

import dev.spillway.reporter.Reports;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's numbers for a run without the agent, taken from the reporter's analysis of a real recording. */
class GcStatsTest {

    private static final int LARGE = 8 * 1024 * 1024;
    private static final int ARRAYS = 4;

    @TempDir
    static Path dir;
    private static GcStats stats;

    @BeforeAll
    static void record() throws Exception {
        Path file = dir.resolve("recording.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.GCPhasePause");
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.start();
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < ARRAYS; i++) {
                kept.add(new byte[LARGE]);
            }
            System.gc();
            recording.stop();
            recording.dump(file);
            assertEquals(ARRAYS, kept.size());
        }
        stats = GcStats.of(Reports.analyze(file));
    }

    @Test
    void counts_collections_by_cause() {
        assertTrue(stats.count() >= 1);
        assertTrue(stats.causes().getOrDefault("System.gc()", 0L) >= 1, stats.causes().toString());
        assertEquals(stats.count(), stats.causes().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void has_pauses_whose_99th_percentile_lies_within_their_total() {
        assertTrue(stats.pauseTotalMs() > 0);
        assertTrue(stats.pauseP99Ms() > 0 && stats.pauseP99Ms() <= stats.pauseMaxMs() * 1.01);
        assertTrue(stats.pauseMaxMs() <= stats.pauseTotalMs());
    }

    @Test
    void counts_the_large_byte_arrays_allocated_on_the_heap() {
        assertTrue(stats.largeArrayBytes() >= (long) ARRAYS * LARGE, "large bytes " + stats.largeArrayBytes());
    }

    @Test
    void shows_no_agent_and_nothing_redirected() {
        assertNull(stats.agentMode());
        assertEquals(0, stats.redirectedBytes());
    }
}
