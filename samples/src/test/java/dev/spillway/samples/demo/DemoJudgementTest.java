package dev.spillway.samples.demo;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.spillway.samples.demo.DemoSummaryTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoJudgementTest {

    @Nested
    @DisplayName("checksums")
    class Checksums {

        @Test
        void that_agree_within_each_workload_raise_nothing() {
            assertEquals(List.of(), Demo.checksumMismatches(List.of(
                    run("relay-g1-baseline", Workload.RELAY, false, "aaa", 5, 0),
                    run("relay-g1-agent", Workload.RELAY, true, "aaa", 1, 10),
                    run("ingest-g1-baseline", Workload.INGEST, false, "bbb", 5, 0))));
        }

        @Test
        void that_differ_within_a_workload_are_named_with_every_run_of_it() {
            List<String> mismatches = Demo.checksumMismatches(List.of(
                    run("relay-g1-baseline", Workload.RELAY, false, "aaa", 5, 0),
                    run("relay-g1-agent", Workload.RELAY, true, "abb", 1, 10),
                    run("ingest-g1-baseline", Workload.INGEST, false, "bbb", 5, 0)));
            assertEquals(1, mismatches.size());
            assertTrue(mismatches.getFirst().contains("relay-g1-baseline=aaa"), mismatches.getFirst());
            assertTrue(mismatches.getFirst().contains("relay-g1-agent=abb"), mismatches.getFirst());
        }
    }

    @Nested
    @DisplayName("an agent run")
    class AgentRuns {

        private final RunSpec spec = new RunSpec("relay-g1-agent", Workload.RELAY, Collector.G1, "512m", true, List.of());

        private GcStats stats(String mode, long redirected) {
            return new GcStats(1, 1, 1, 1, 0, Map.of(), 0, redirected, mode);
        }

        @Test
        void that_left_no_agent_event_is_reported() {
            assertTrue(Demo.agentProblem(spec, stats(null, 0)).orElseThrow().contains("no dev.spillway.AgentConfiguration"));
        }

        @Test
        void in_profile_mode_is_reported_as_not_supporting_redirect() {
            assertTrue(Demo.agentProblem(spec, stats("profile", 0)).orElseThrow().contains("does not support mode=redirect"));
        }

        @Test
        void in_redirect_mode_that_redirected_nothing_is_reported() {
            assertTrue(Demo.agentProblem(spec, stats("redirect", 0)).orElseThrow().contains("redirected 0 bytes"));
        }

        @Test
        void in_redirect_mode_that_redirected_bytes_is_accepted() {
            assertTrue(Demo.agentProblem(spec, stats("redirect", 1)).isEmpty());
        }
    }
}
