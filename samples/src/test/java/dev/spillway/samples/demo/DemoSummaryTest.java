package dev.spillway.samples.demo;

import dev.spillway.samples.load.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSummaryTest {

    @TempDir
    Path dir;

    static RunSummary run(String name, Workload workload, boolean agent, String checksum, long humongous, long redirected) {
        RunSpec spec = new RunSpec(name, workload, Collector.G1, "512m", agent, List.of("--seed", "42"));
        GcStats gc = new GcStats(humongous + 2, 40.5, 12.25, 13.0, humongous,
                Map.of(GcStats.HUMONGOUS_CAUSE, humongous, "G1 Evacuation Pause", 2L), 1L << 30, redirected,
                agent ? "redirect" : null);
        Map<String, Object> result = Map.of("workload", workload.label(), "throughputOpsPerSec", 123.5,
                "throughputMiBPerSec", 300.0, "latencyMs", Map.of("p50", 1.0, "p99", 2.0, "max", 3.0), "outputChecksum", checksum);
        return new RunSummary(spec, gc, result, Path.of(name + ".jfr"), 2.5);
    }

    private DemoSummary summary(List<RunSummary> runs, List<DemoSummary.Skipped> skipped, List<String> problems,
                                List<String> mismatches) {
        return new DemoSummary(true, Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:01:00Z"), "25",
                AgentJar.in(dir), runs, skipped, problems, mismatches);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> written(DemoSummary summary) throws IOException {
        Path file = dir.resolve("summary.json");
        summary.write(file);
        return Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("summary.json")
    class File {

        @Test
        @SuppressWarnings("unchecked")
        void lists_every_run_with_the_fields_the_contract_names() throws IOException {
            Map<String, Object> json = written(summary(List.of(
                    run("relay-g1-baseline", Workload.RELAY, false, "abc", 9, 0),
                    run("relay-g1-agent", Workload.RELAY, true, "abc", 1, 5_000_000)), List.of(), List.of(), List.of()));

            List<Object> runs = (List<Object>) json.get("runs");
            assertEquals(2, runs.size());
            Map<String, Object> agentRun = (Map<String, Object>) runs.get(1);
            assertEquals("relay-g1-agent", agentRun.get("name"));
            assertEquals("relay", agentRun.get("workload"));
            assertEquals("g1", agentRun.get("collector"));
            assertEquals(true, agentRun.get("agent"));
            Map<String, Object> gc = (Map<String, Object>) agentRun.get("gc");
            assertEquals(3L, gc.get("count"));
            assertEquals(40.5, gc.get("pauseTotalMs"));
            assertEquals(12.25, gc.get("pauseP99Ms"));
            assertEquals(Map.of(GcStats.HUMONGOUS_CAUSE, 1L, "G1 Evacuation Pause", 2L), gc.get("causes"));
            assertEquals(1L << 30, agentRun.get("largeArrayBytes"));
            assertEquals(5_000_000L, agentRun.get("redirectedBytes"));
            assertEquals(123.5, agentRun.get("throughputOpsPerSec"));
            assertEquals("abc", agentRun.get("outputChecksum"));
            assertEquals("relay-g1-agent.jfr", agentRun.get("recording"));
        }

        @Test
        void says_it_is_complete_only_without_problems_skipped_runs_or_mismatches() throws IOException {
            RunSummary run = run("relay-g1-baseline", Workload.RELAY, false, "abc", 3, 0);
            assertEquals(true, written(summary(List.of(run), List.of(), List.of(), List.of())).get("complete"));
            assertEquals(false, written(summary(List.of(run), List.of(new DemoSummary.Skipped("relay-g1-agent", "no jar")),
                    List.of(), List.of())).get("complete"));
            assertEquals(false, written(summary(List.of(run), List.of(), List.of("agent redirected nothing"), List.of()))
                    .get("complete"));
            Map<String, Object> mismatched = written(summary(List.of(run), List.of(), List.of(), List.of("relay differs")));
            assertEquals(false, mismatched.get("complete"));
            assertEquals(false, mismatched.get("checksumsMatch"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void names_the_skipped_runs_and_why() throws IOException {
            Map<String, Object> json = written(summary(List.of(), List.of(new DemoSummary.Skipped("ingest-g1-agent", "agent jar not found")),
                    List.of("the agent jar does not exist"), List.of()));
            assertEquals(List.of(Map.of("name", "ingest-g1-agent", "reason", "agent jar not found")), json.get("skippedRuns"));
            assertEquals(List.of("the agent jar does not exist"), json.get("problems"));
            assertEquals(false, ((Map<String, Object>) json.get("agent")).get("present"));
        }

        @Test
        void replaces_an_earlier_summary_whole() throws IOException {
            Files.writeString(dir.resolve("summary.json"), "x".repeat(100_000));
            Map<String, Object> json = written(summary(List.of(), List.of(), List.of(), List.of()));
            assertEquals(DemoSummary.FORMAT, json.get("format"));
            assertFalse(Files.exists(dir.resolve("summary.json.tmp")));
        }
    }

    @Nested
    @DisplayName("the demo's status")
    class Status {

        private final RunSummary run = run("ingest-g1-baseline", Workload.INGEST, false, "abc", 3, 0);

        @Test
        void is_complete_when_nothing_is_missing() {
            assertEquals(DemoSummary.Status.COMPLETE, summary(List.of(run), List.of(), List.of(), List.of()).status(false));
        }

        @Test
        void is_incomplete_when_agent_runs_were_skipped_or_showed_no_redirect() {
            assertEquals(DemoSummary.Status.INCOMPLETE, summary(List.of(run), List.of(new DemoSummary.Skipped("a", "b")),
                    List.of("no jar"), List.of()).status(false));
            assertEquals(DemoSummary.Status.INCOMPLETE, summary(List.of(run), List.of(), List.of("redirected 0 bytes"),
                    List.of()).status(false));
        }

        @Test
        void is_failed_when_outputs_differ_or_a_run_failed() {
            assertEquals(DemoSummary.Status.FAILED, summary(List.of(run), List.of(), List.of(), List.of("ingest differs")).status(false));
            assertEquals(DemoSummary.Status.FAILED, summary(List.of(run), List.of(), List.of("run x failed"), List.of()).status(true));
            assertTrue(DemoSummary.Status.FAILED.exitCode() != 0 && DemoSummary.Status.INCOMPLETE.exitCode() != 0);
        }
    }
}
