package dev.spillway.samples.demo;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.analyze.Report;
import dev.spillway.reporter.compare.Comparison;
import dev.spillway.reporter.compare.Direction;
import dev.spillway.reporter.compare.RunMetric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's HTML: for each workload with more than one run, the reporter's comparison of them
 * ({@code WORKLOAD-comparison.html} and {@code .json}, the first run as baseline); for a workload
 * with a single run, the reporter's report of it ({@code NAME.html}); and {@code report.html}, the
 * page that ties them together with the summary table and what the demo could not do.
 *
 * <p>One comparison per workload because a relay run and an ingest run are not two settings of one
 * program: their deltas would mean nothing.
 */
final class DemoReport {

    /** Writes the pages; {@code reports} holds the reporter's analysis of each completed run by name. */
    void write(Path dir, DemoSummary summary, Map<String, Report> reports) throws IOException {
        Map<Workload, List<RunSummary>> byWorkload = new LinkedHashMap<>();
        summary.runs().forEach(run -> byWorkload.computeIfAbsent(run.spec().workload(), w -> new ArrayList<>()).add(run));
        Map<String, String> pages = new LinkedHashMap<>();
        for (Map.Entry<Workload, List<RunSummary>> entry : byWorkload.entrySet()) {
            List<RunSummary> runs = entry.getValue();
            if (runs.size() == 1) {
                String page = runs.getFirst().spec().name() + ".html";
                Reports.write(reports.get(runs.getFirst().spec().name()), dir.resolve(page), null);
                pages.put(entry.getKey().label() + ": report of " + runs.getFirst().spec().name(), page);
                continue;
            }
            List<Comparison.RunResult> results = new ArrayList<>();
            for (RunSummary run : runs) {
                results.add(new Comparison.RunResult(run.spec().name(), reports.get(run.spec().name()), measured(run)));
            }
            String page = entry.getKey().label() + "-comparison.html";
            Reports.write(Reports.compareReports(results), dir.resolve(page),
                    dir.resolve(entry.getKey().label() + "-comparison.json"));
            pages.put(entry.getKey().label() + ": " + String.join(" vs ", runs.stream().map(r -> r.spec().name()).toList()), page);
        }
        Files.writeString(dir.resolve("report.html"), index(summary, pages), StandardCharsets.UTF_8);
    }

    /** What the workload measured itself, which the recording cannot know. */
    private static List<RunMetric> measured(RunSummary run) {
        List<RunMetric> metrics = new ArrayList<>();
        metrics.add(new RunMetric("throughput", run.throughputOpsPerSec(), "ops/s", Direction.HIGHER_IS_BETTER));
        if (run.result().get("latencyMs") instanceof Map<?, ?> latency && latency.get("p99") instanceof Number p99) {
            metrics.add(new RunMetric("latency p99", p99.doubleValue(), "ms", Direction.LOWER_IS_BETTER));
        }
        return metrics;
    }

    private static String index(DemoSummary summary, Map<String, String> pages) {
        StringBuilder page = new StringBuilder();
        page.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Spillway demo</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:.3em .6em;text-align:right}td:first-child{text-align:left}")
                .append(".problem{background:#fff3cd;border:1px solid #d39e00;padding:.6em 1em}</style></head><body>\n")
                .append("<h1>Spillway demo</h1>\n")
                .append("<p>Each sample ran in its own JVM with the same heap, once without and once with the agent ")
                .append("(<code>").append(escape(DemoPlan.AGENT_OPTIONS)).append("</code>), and once on ZGC. ")
                .append("A <code>byte[]</code> always lives on the Java heap in HotSpot: the agent removes the ")
                .append("<em>allocation</em> of provably local arrays by recycling them, and gives provably local ")
                .append("<code>ByteBuffer</code>s off-heap memory; it does not move arrays off the heap.</p>\n");
        for (String mismatch : summary.checksumMismatches()) {
            page.append("<p class=\"problem\"><strong>Checksum mismatch:</strong> ").append(escape(mismatch)).append("</p>\n");
        }
        for (String problem : summary.problems()) {
            page.append("<p class=\"problem\"><strong>Not complete:</strong> ").append(escape(problem)).append("</p>\n");
        }
        page.append("<h2>Comparisons</h2>\n<ul>\n");
        pages.forEach((title, file) -> page.append("<li><a href=\"").append(escape(file)).append("\">").append(escape(title))
                .append("</a></li>\n"));
        page.append("</ul>\n<h2>Runs</h2>\n<table><tr><th>run</th><th>GCs</th><th>humongous GCs</th><th>pause total ms</th>")
                .append("<th>pause p99 ms</th><th>ops/s</th><th>large byte[] MiB on heap</th><th>redirected MiB</th>")
                .append("<th>output checksum</th></tr>\n");
        for (RunSummary run : summary.runs()) {
            page.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.2f</td><td>%.1f</td><td>%.0f</td><td>%.0f</td><td>%s</td></tr>%n",
                    escape(run.spec().name()), run.gc().count(), run.gc().humongousCollections(), run.gc().pauseTotalMs(),
                    run.gc().pauseP99Ms(), run.throughputOpsPerSec(), mib(run.gc().largeArrayBytes()),
                    mib(run.gc().redirectedBytes()), escape(run.outputChecksum())));
        }
        page.append("</table>\n");
        for (DemoSummary.Skipped skipped : summary.skipped()) {
            page.append("<p>Skipped <code>").append(escape(skipped.name())).append("</code>: ")
                    .append(escape(skipped.reason())).append("</p>\n");
        }
        page.append("<p>Every run's JFR recording, output and summary.json are in this directory.</p>\n</body></html>\n");
        return page.toString();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
