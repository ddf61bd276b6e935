package dev.spillway.samples.demo;

import dev.spillway.samples.load.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one demo found: the completed runs, the runs it could not do and why, and the
 * problems that keep it from being a complete comparison. {@link #write} produces summary.json.
 *
 * @param skipped runs not started, with the reason
 * @param problems plain sentences; empty exactly when the demo is a complete comparison
 * @param checksumMismatches sentences naming each workload whose runs produced different output
 */
public record DemoSummary(
        boolean quick,
        Instant startedAt,
        Instant finishedAt,
        String javaVersion,
        AgentJar agent,
        List<RunSummary> runs,
        List<Skipped> skipped,
        List<String> problems,
        List<String> checksumMismatches) {

    public static final String FORMAT = "spillway-demo-summary/1";

    /** A run that did not happen. */
    public record Skipped(String name, String reason) {
    }

    /** How the demo ended; the numbers are its exit status. */
    public enum Status {
        COMPLETE(0), FAILED(1), INCOMPLETE(3);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public DemoSummary {
        runs = List.copyOf(runs);
        skipped = List.copyOf(skipped);
        problems = List.copyOf(problems);
        checksumMismatches = List.copyOf(checksumMismatches);
    }

    /** FAILED when outputs differ or a run failed, INCOMPLETE when only the comparison is missing pieces. */
    public Status status(boolean anyRunFailed) {
        if (!checksumMismatches.isEmpty() || anyRunFailed) {
            return Status.FAILED;
        }
        return problems.isEmpty() && skipped.isEmpty() ? Status.COMPLETE : Status.INCOMPLETE;
    }

    public Map<String, Object> toJson() {
        List<Object> runsJson = new ArrayList<>();
        runs.forEach(run -> runsJson.add(run.toJson()));
        List<Object> skippedJson = new ArrayList<>();
        skipped.forEach(s -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("reason", s.reason());
            skippedJson.add(entry);
        });
        Map<String, Object> agentJson = new LinkedHashMap<>();
        agentJson.put("jar", agent.path().toString());
        agentJson.put("present", agent.exists());
        agentJson.put("options", DemoPlan.AGENT_OPTIONS);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("quick", quick);
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", finishedAt.toString());
        json.put("java", javaVersion);
        json.put("agent", agentJson);
        json.put("complete", problems.isEmpty() && skipped.isEmpty() && checksumMismatches.isEmpty());
        json.put("checksumsMatch", checksumMismatches.isEmpty());
        json.put("problems", problems);
        json.put("checksumMismatches", checksumMismatches);
        json.put("runs", runsJson);
        json.put("skippedRuns", skippedJson);
        return json;
    }

    /** Writes summary.json atomically, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, Json.writePretty(toJson()), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
