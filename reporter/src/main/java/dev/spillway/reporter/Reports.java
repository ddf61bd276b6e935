package dev.spillway.reporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

import dev.spillway.reporter.analyze.RecordingAnalyzer;
import dev.spillway.reporter.analyze.Report;
import dev.spillway.reporter.compare.Comparer;
import dev.spillway.reporter.compare.Comparison;
import dev.spillway.reporter.compare.RunMetric;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.RecordingReader;
import dev.spillway.reporter.read.UnreadableRecordingException;
import dev.spillway.reporter.render.ComparisonJson;
import dev.spillway.reporter.render.HtmlComparison;
import dev.spillway.reporter.render.HtmlReport;
import dev.spillway.reporter.render.ReportJson;

/**
 * The reporter as a library: analyse a recording, compare runs, and write either as HTML or JSON. This is what the
 * {@code spillway} command and the samples' demo call.
 *
 * <pre>{@code
 * Comparison c = Reports.compare(List.of(
 *         new Reports.Run("baseline", Path.of("base.jfr"), List.of(new RunMetric("throughput", 812, "ops/s", Direction.HIGHER_IS_BETTER))),
 *         new Reports.Run("agent", Path.of("agent.jfr"), List.of(new RunMetric("throughput", 1040, "ops/s", Direction.HIGHER_IS_BETTER)))));
 * Reports.write(c, out.resolve("report.html"), out.resolve("summary.json"));
 * }</pre>
 */
public final class Reports {

    /** A named recording, with numbers measured outside it (throughput, latency) that join the comparison. */
    public record Run(String name, Path recording, List<RunMetric> extra) {
        public Run {
            extra = List.copyOf(extra);
        }

        public Run(String name, Path recording) {
            this(name, recording, List.of());
        }
    }

    private Reports() {
    }

    public static Report analyze(Path recording) throws UnreadableRecordingException {
        return analyze(recording, fraction -> { });
    }

    /**
     * Reads the recording once, streaming; memory does not grow with its length.
     *
     * @param progress receives the fraction of the recording read, from 0 to 1
     */
    public static Report analyze(Path recording, DoubleConsumer progress) throws UnreadableRecordingException {
        RecordingFileCheck.Span span = RecordingFileCheck.check(recording);
        long size;
        try {
            size = Files.size(recording);
        } catch (IOException e) {
            throw new UnreadableRecordingException("cannot read " + recording + ": " + e.getMessage(), e);
        }
        RecordingAnalyzer analyzer = new RecordingAnalyzer(recording.toString(), size, span);
        RecordingReader.read(recording, analyzer, progress);
        return analyzer.finish();
    }

    /** Analyses each run and compares them; the first run is the baseline. */
    public static Comparison compare(List<Run> runs) throws UnreadableRecordingException {
        return compare(runs, Comparer.DEFAULT_RELATIVE_NOISE, (run, fraction) -> { });
    }

    /** Receives the progress of reading one run's recording. */
    @FunctionalInterface
    public interface RunProgress {
        void progress(Run run, double fraction);
    }

    public static Comparison compare(List<Run> runs, double relativeNoise, RunProgress progress)
            throws UnreadableRecordingException {
        List<Comparison.RunResult> results = new ArrayList<>();
        for (Run run : runs) {
            Report report = analyze(run.recording(), fraction -> progress.progress(run, fraction));
            results.add(new Comparison.RunResult(run.name(), report, run.extra()));
        }
        return Comparer.compare(results, relativeNoise);
    }

    /** Compares reports already analysed, for callers that keep them. */
    public static Comparison compareReports(List<Comparison.RunResult> runs) {
        return Comparer.compare(runs, Comparer.DEFAULT_RELATIVE_NOISE);
    }

    public static String html(Report report) {
        return HtmlReport.render(report);
    }

    public static String json(Report report) {
        return ReportJson.toJson(report);
    }

    public static String html(Comparison comparison) {
        return HtmlComparison.render(comparison);
    }

    public static String json(Comparison comparison) {
        return ComparisonJson.toJson(comparison);
    }

    /** Writes the HTML and the JSON; either path may be null to skip it. */
    public static void write(Report report, Path html, Path json) throws IOException {
        writeText(html, html == null ? null : html(report));
        writeText(json, json == null ? null : json(report));
    }

    /** Writes the HTML and the JSON; either path may be null to skip it. */
    public static void write(Comparison comparison, Path html, Path json) throws IOException {
        writeText(html, html == null ? null : html(comparison));
        writeText(json, json == null ? null : json(comparison));
    }

    private static void writeText(Path file, String text) throws IOException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
