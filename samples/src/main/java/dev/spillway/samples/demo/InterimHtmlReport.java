package dev.spillway.samples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * INTERIM report.html: the summary as one table, under a banner saying that the reporter's
 * comparison is not wired in yet. Replace with the reporter's API, see {@link ComparisonReport}.
 */
final class InterimHtmlReport implements ComparisonReport {

    @Override
    public void write(Path html, DemoSummary summary) throws IOException {
        StringBuilder page = new StringBuilder();
        page.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Spillway demo</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:.3em .6em;text-align:right}td:first-child{text-align:left}")
                .append(".banner{background:#fff3cd;border:1px solid #d39e00;padding:1em;margin-bottom:1em}</style></head><body>\n")
                .append("<h1>Spillway demo</h1>\n")
                .append("<div class=\"banner\"><strong>Interim page.</strong> The reporter's comparison report (GC activity ")
                .append("correlated with allocation sites) is not wired into the demo yet; this page only tabulates ")
                .append("summary.json. The JFR recordings of every run are beside this file.</div>\n")
                .append("<p>A <code>byte[]</code> always lives on the Java heap in HotSpot: the agent removes the ")
                .append("<em>allocation</em> of provably local arrays (recycling them) and gives provably local ")
                .append("<code>ByteBuffer</code>s off-heap memory; it does not move arrays off the heap.</p>\n");
        for (String problem : summary.checksumMismatches()) {
            page.append("<p><strong>Checksum mismatch:</strong> ").append(escape(problem)).append("</p>\n");
        }
        for (String problem : summary.problems()) {
            page.append("<p><strong>Not complete:</strong> ").append(escape(problem)).append("</p>\n");
        }
        page.append("<table><tr><th>run</th><th>GCs</th><th>humongous GCs</th><th>pause total ms</th>")
                .append("<th>pause p99 ms</th><th>ops/s</th><th>large byte[] MiB</th><th>redirected MiB</th><th>checksum</th></tr>\n");
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
        page.append("</body></html>\n");
        Files.writeString(html, page, StandardCharsets.UTF_8);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
