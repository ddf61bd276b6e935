package dev.spillway.samples.demo;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.analyze.Report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs a {@link DemoPlan} and judges it: every run of a workload must produce the same output
 * checksum, and every run with the agent must show that the agent redirected something. Writes
 * summary.json and report.html into the output directory and prints a progress line per run and a
 * table at the end.
 */
final class Demo {

    private final DemoPlan plan;
    private final ChildRun runner;
    private final AgentJar agent;
    private final PrintStream out;

    Demo(DemoPlan plan, ChildRun runner, AgentJar agent, PrintStream out) {
        this.plan = plan;
        this.runner = runner;
        this.agent = agent;
        this.out = out;
    }

    /** Runs the plan; returns how it ended. Throws only when the output directory cannot be written. */
    DemoSummary.Status run(boolean quick) throws IOException, InterruptedException {
        Files.createDirectories(runner.outDir());
        runner.writeSettings();
        Instant started = Instant.now();
        List<RunSummary> runs = new ArrayList<>();
        List<DemoSummary.Skipped> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Report> reports = new LinkedHashMap<>();
        boolean anyRunFailed = false;

        String agentMissing = agent.exists() ? null
                : "the agent jar " + agent.path() + " does not exist (build it with ./mvnw -B -pl agent -am package), "
                        + "so the runs with the agent were skipped and this is NOT a baseline-vs-agent comparison";
        if (agentMissing != null) {
            problems.add(agentMissing);
            out.println("spillway demo: " + agentMissing);
        }

        int index = 0;
        for (RunSpec spec : plan.runs()) {
            index++;
            String label = String.format(Locale.ROOT, "[%d/%d] %-20s %s on %s, %s", index, plan.runs().size(), spec.name(),
                    spec.workload().label(), spec.collector().label(), spec.agent() ? "agent mode=redirect" : "no agent");
            if (spec.agent() && agentMissing != null) {
                skipped.add(new DemoSummary.Skipped(spec.name(), "agent jar not found"));
                out.println(label + ": skipped, no agent jar");
                continue;
            }
            out.print(label + " ... ");
            out.flush();
            ChildRun.Outcome outcome = runner.run(spec, agent);
            if (!outcome.succeeded()) {
                anyRunFailed = true;
                String why = "run " + spec.name() + " failed (exit " + outcome.exitCode() + "): " + outcome.errorExcerpt()
                        + " [see " + outcome.stderr() + "]";
                problems.add(why);
                out.println("FAILED");
                out.println("  " + why);
                continue;
            }
            Report analysis = Reports.analyze(outcome.recording());
            reports.put(spec.name(), analysis);
            GcStats gc = GcStats.of(analysis);
            RunSummary run = new RunSummary(spec, gc, outcome.result(), outcome.recording(), outcome.wallSeconds());
            runs.add(run);
            out.printf(Locale.ROOT, "%.1f s: %d GCs (%d humongous), pauses %.1f ms, %.1f ops/s%s%n",
                    outcome.wallSeconds(), gc.count(), gc.humongousCollections(), gc.pauseTotalMs(), run.throughputOpsPerSec(),
                    spec.agent() ? String.format(Locale.ROOT, ", redirected %.0f MiB", gc.redirectedBytes() / 1048576.0) : "");
            Optional<String> agentProblem = spec.agent() ? agentProblem(spec, gc) : Optional.empty();
            agentProblem.ifPresent(problem -> {
                problems.add(problem);
                out.println("  " + problem);
            });
        }

        List<String> mismatches = checksumMismatches(runs);
        DemoSummary summary = new DemoSummary(quick, started, Instant.now(), Runtime.version().toString(), agent, runs, skipped,
                problems, mismatches);
        summary.write(runner.outDir().resolve("summary.json"));
        new DemoReport().write(runner.outDir(), summary, reports);

        out.println();
        ConsoleTable.print(summary, out);
        out.println();
        DemoSummary.Status status = summary.status(anyRunFailed);
        for (String mismatch : mismatches) {
            out.println("CHECKSUM MISMATCH: " + mismatch);
        }
        switch (status) {
            case COMPLETE -> out.println("spillway demo: complete; wrote " + runner.outDir().resolve("report.html")
                    + " and summary.json");
            case INCOMPLETE -> out.println("spillway demo: INCOMPLETE, not a full comparison: " + String.join("; ", problems));
            case FAILED -> out.println("spillway demo: FAILED" + (mismatches.isEmpty() ? ": " + String.join("; ", problems)
                    : ": the agent or the collector changed what a workload produced"));
        }
        out.println("spillway demo: results in " + runner.outDir());
        return status;
    }

    /** Why a run with the agent does not show a redirect, if it does not. */
    static Optional<String> agentProblem(RunSpec spec, GcStats gc) {
        if (gc.agentMode() == null) {
            return Optional.of("run " + spec.name() + ": the agent recorded no dev.spillway.AgentConfiguration "
                    + "event, so nothing shows that it was active");
        }
        if (!"redirect".equals(gc.agentMode())) {
            return Optional.of("run " + spec.name() + ": the agent ran in mode=" + gc.agentMode()
                    + ", not redirect: this agent build does not support mode=redirect yet");
        }
        if (gc.redirectedBytes() == 0) {
            return Optional.of("run " + spec.name() + ": the agent ran in mode=redirect but redirected 0 bytes");
        }
        return Optional.empty();
    }

    /** One sentence per workload whose runs produced different checksums. */
    static List<String> checksumMismatches(List<RunSummary> runs) {
        Map<Workload, List<RunSummary>> byWorkload = runs.stream()
                .collect(Collectors.groupingBy(run -> run.spec().workload(), LinkedHashMap::new, Collectors.toList()));
        List<String> mismatches = new ArrayList<>();
        byWorkload.forEach((workload, group) -> {
            if (group.stream().map(RunSummary::outputChecksum).distinct().count() > 1) {
                mismatches.add(workload.label() + " produced different output: " + group.stream()
                        .map(run -> run.spec().name() + "=" + run.outputChecksum()).collect(Collectors.joining(", ")));
            }
        });
        return mismatches;
    }
}
