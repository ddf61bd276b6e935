package dev.spillway.samples.demo;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildRunTest {

    @TempDir
    Path dir;

    @Nested
    class Commands {

        private final ChildRun runner = new ChildRun(Path.of("/jdk/bin/java"), "a.jar:b.jar", Path.of("/out"), 60);
        private final AgentJar agent = AgentJar.in(Path.of("/home"));

        @Test
        void differ_between_baseline_and_agent_runs_only_in_the_javaagent_option() {
            RunSpec baseline = new RunSpec("relay-g1-baseline", Workload.RELAY, Collector.G1, "512m", false, List.of("--seed", "1"));
            RunSpec withAgent = new RunSpec("relay-g1-baseline", Workload.RELAY, Collector.G1, "512m", true, List.of("--seed", "1"));
            List<String> plain = runner.command(baseline, agent);
            List<String> instrumented = runner.command(withAgent, agent);

            List<String> added = instrumented.stream().filter(option -> !plain.contains(option)).toList();
            assertEquals(1, added.size(), added.toString());
            assertTrue(added.getFirst().startsWith("-javaagent:/home/agent/target/spillway-agent.jar=designate="));
            assertTrue(added.getFirst().contains("mode=redirect"));
            assertTrue(added.getFirst().endsWith(",out=/out/relay-g1-baseline-agent"));
            assertEquals(plain.size() + 1, instrumented.size());
        }

        @Test
        void fix_the_heap_and_collector_and_record_with_jfr() {
            List<String> command = runner.command(new RunSpec("ingest-zgc-baseline", Workload.INGEST, Collector.ZGC, "256m", false,
                    List.of("--operations", "5")), agent);
            assertEquals("/jdk/bin/java", command.getFirst());
            assertTrue(command.containsAll(List.of("-Xms256m", "-Xmx256m", "-XX:+UseZGC")));
            assertTrue(command.stream().anyMatch(option -> option.startsWith("-XX:StartFlightRecording=filename=/out/ingest-zgc-baseline.jfr,")));
            assertEquals(List.of("dev.spillway.samples.ingest.IngestMain", "--operations", "5"),
                    command.subList(command.size() - 3, command.size()));
            assertFalse(command.stream().anyMatch(option -> option.startsWith("-javaagent")));
        }
    }

    @Nested
    class Result_lines {

        @Test
        void are_read_from_the_child_s_output_ignoring_other_lines() throws IOException {
            Path out = dir.resolve("run.out");
            Files.writeString(out, "relay: 10 operations\nRESULT {\"outputChecksum\":\"00ff\",\"operations\":10}\nbye\n");
            assertEquals(Map.of("outputChecksum", "00ff", "operations", 10L), ChildRun.resultLine(out));
        }

        @Test
        void are_missing_when_the_child_printed_none() throws IOException {
            Path out = dir.resolve("run.out");
            Files.writeString(out, "Exception in thread \"main\"\n");
            assertNull(ChildRun.resultLine(out));
            assertNull(ChildRun.resultLine(dir.resolve("never-written.out")));
        }
    }
}
