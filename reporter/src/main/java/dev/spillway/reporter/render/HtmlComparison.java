package dev.spillway.reporter.render;

import static dev.spillway.reporter.render.Html.escape;

import java.util.stream.Collectors;

import dev.spillway.reporter.analyze.Report;
import dev.spillway.reporter.analyze.Units;
import dev.spillway.reporter.compare.Comparison;
import dev.spillway.reporter.compare.Outcome;

/** The HTML page of a comparison: the metric table with verdicts, overlaid timelines, and each run's findings. */
public final class HtmlComparison {
    private HtmlComparison() {
    }

    public static String render(Comparison c) {
        String names = c.runs().stream().map(Comparison.RunResult::name).collect(Collectors.joining(" vs "));
        StringBuilder header = new StringBuilder("<h1>Spillway comparison: ").append(escape(names)).append("</h1><div class=\"meta\">");
        for (Comparison.RunResult run : c.runs()) {
            header.append("<div><b>").append(escape(run.name())).append("</b>: ")
                    .append(escape(HtmlReport.fileName(run.report().recording().file()))).append(" · ")
                    .append(escape(HtmlReport.describe(run.report().recording()))).append("</div>");
        }
        header.append("</div>");
        StringBuilder body = new StringBuilder();
        body.append(metrics(c));
        body.append("""
                <section><h2>Heap after GC and off-heap, overlaid</h2><p class="muted">Time from each run's start. Drag or scroll to zoom.</p>
                <div id="chart-heap" class="chart"></div></section>
                <div class="row">
                <section><h2>GC pauses</h2><div id="chart-pauses" class="chart small"></div></section>
                <section><h2>Pause histogram</h2><div id="chart-histogram" class="chart small"></div></section>
                </div>
                <section><h2>Allocation rate</h2><div id="chart-rate" class="chart small"></div></section>
                """);
        for (Comparison.RunResult run : c.runs()) {
            body.append("<section><h2>").append(escape(run.name())).append(": findings and top sites</h2>");
            body.append(HtmlReport.findings(run.report().findings()).replace("<section id=\"findings\">", "<div>").replace("</section>", "</div>"));
            body.append(topSites(run.report()));
            body.append("</section>\n");
        }
        body.append(Html.honestLimits());
        return Html.page("Spillway comparison: " + names, header.toString(), body.toString(), ComparisonJson.toJson(c));
    }

    private static String metrics(Comparison c) {
        StringBuilder s = new StringBuilder("<section id=\"metrics\"><h2>Metrics</h2><p class=\"muted\">Against the baseline <b>")
                .append(escape(c.baseline().name())).append("</b>. A difference within ").append(escape(Units.percent(c.relativeNoise())))
                .append(" of the baseline, or below the metric's noise floor, is <i>same</i>.</p><table><tr><th>metric</th>");
        for (Comparison.RunResult run : c.runs()) {
            s.append("<th class=\"num\">").append(escape(run.name())).append("</th>");
        }
        s.append("</tr>");
        for (Comparison.MetricRow row : c.metrics()) {
            s.append("<tr><td>").append(escape(row.label())).append("</td>");
            for (Comparison.Cell cell : row.cells()) {
                s.append("<td class=\"num\">").append(escape(format(cell.value(), row.unit())));
                if (cell.delta() != null) {
                    s.append("<br><span class=\"muted\">").append(escape(signed(cell.delta(), row.unit())));
                    if (cell.relativeDelta() != null) {
                        s.append(" (").append(escape(signedPercent(cell.relativeDelta()))).append(')');
                    }
                    s.append("</span>");
                }
                if (cell.outcome() != Outcome.NONE) {
                    String outcome = cell.outcome().name().toLowerCase(java.util.Locale.ROOT);
                    s.append(" <span class=\"badge ").append(outcome).append("\">").append(outcome).append("</span>");
                }
                s.append("</td>");
            }
            s.append("</tr>");
        }
        return s.append("</table></section>\n").toString();
    }

    private static String topSites(Report r) {
        if (r.sites().rows().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<table><tr><th>site</th><th class=\"num\">bytes</th><th>humongous</th>"
                + "<th class=\"num\">GC share</th><th>verdict</th></tr>");
        r.sites().rows().stream().limit(8).forEach(row -> s.append("<tr><td class=\"mono\">").append(escape(row.shortName()))
                .append("</td><td class=\"num\">").append(escape(Units.bytes(row.bytes())))
                .append("</td><td>").append(row.humongous() == null ? "–" : row.humongous() ? "yes" : "no")
                .append("</td><td class=\"num\">").append(escape(Units.percent(row.gcShare())))
                .append("</td><td>").append(row.verdict() == null ? "" : escape(row.verdict().verdict() + " " + row.verdict().reason()))
                .append("</td></tr>"));
        return s.append("</table>").toString();
    }

    static String format(Double value, String unit) {
        if (value == null) {
            return "–";
        }
        return switch (unit) {
            case "ns" -> Units.nanos(value);
            case "bytes" -> Units.bytes(value);
            case "bytes/s" -> Units.rate(value);
            case "fraction" -> Units.percent(value);
            case "count" -> String.format(java.util.Locale.ROOT, "%.0f", value);
            default -> String.format(java.util.Locale.ROOT, value == Math.rint(value) ? "%.0f %s" : "%.2f %s", value, unit);
        };
    }

    private static String signed(double delta, String unit) {
        return (delta > 0 ? "+" : delta < 0 ? "−" : "±") + format(Math.abs(delta), unit);
    }

    private static String signedPercent(double fraction) {
        return (fraction > 0 ? "+" : fraction < 0 ? "−" : "±") + Units.percent(Math.abs(fraction));
    }
}
