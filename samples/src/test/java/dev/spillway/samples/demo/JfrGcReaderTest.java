package dev.spillway.samples.demo;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrGcReaderTest {

    @Name("dev.spillway.SiteSummary")
    static class SiteSummary extends Event {
        String site;
        long redirectedBytes;
    }

    @Name("dev.spillway.AgentConfiguration")
    static class AgentConfiguration extends Event {
        String mode;
    }

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
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withoutStackTrace();
            recording.enable(SiteSummary.class);
            recording.enable(AgentConfiguration.class);
            recording.start();

            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < ARRAYS; i++) {
                kept.add(new byte[LARGE]);
            }
            System.gc();
            AgentConfiguration configuration = new AgentConfiguration();
            configuration.mode = "redirect";
            configuration.commit();
            commitSite("a", 100);
            commitSite("a", 300);
            commitSite("b", 50);

            recording.stop();
            recording.dump(file);
            assertEquals(ARRAYS, kept.size());
        }
        stats = JfrGcReader.read(file, Demo.LARGE_ARRAY_THRESHOLD);
    }

    private static void commitSite(String site, long redirectedBytes) {
        SiteSummary summary = new SiteSummary();
        summary.site = site;
        summary.redirectedBytes = redirectedBytes;
        summary.commit();
    }

    @Test
    void counts_collections_by_cause() {
        assertTrue(stats.count() >= 1);
        assertTrue(stats.causes().getOrDefault("System.gc()", 0L) >= 1, stats.causes().toString());
        assertEquals(stats.count(), stats.causes().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void sums_the_pauses_and_takes_their_99th_percentile_from_the_individual_pauses() {
        assertTrue(stats.pauseTotalMs() > 0);
        assertTrue(stats.pauseP99Ms() > 0 && stats.pauseP99Ms() <= stats.pauseMaxMs());
        assertTrue(stats.pauseMaxMs() <= stats.pauseTotalMs());
    }

    @Test
    void counts_the_large_byte_arrays_allocated_outside_a_tlab() {
        assertTrue(stats.largeArrayBytes() >= (long) ARRAYS * LARGE, "large bytes " + stats.largeArrayBytes());
    }

    @Test
    void takes_each_site_s_last_cumulative_redirected_bytes_and_sums_the_sites() {
        assertEquals(350, stats.redirectedBytes());
    }

    @Test
    void reports_the_agent_s_mode() {
        assertEquals("redirect", stats.agentMode());
    }
}
