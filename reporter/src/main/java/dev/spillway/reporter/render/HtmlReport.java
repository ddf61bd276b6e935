package dev.spillway.reporter.render;

import static dev.spillway.reporter.render.Html.escape;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.spillway.reporter.analyze.Report;
import dev.spillway.reporter.analyze.Units;

/**
 * The HTML report of one recording. Tables and text are rendered here, escaped; the charts are drawn in the
 * browser from the same JSON that {@code --json} writes, which the page carries inline.
 */
public final class HtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    public static String render(Report r) {
        Report.Recording rec = r.recording();
        String header = "<h1>Spillway report: " + escape(fileName(rec.file())) + "</h1><div class=\"meta\">"
                + escape(describe(rec)) + "</div>";
        StringBuilder body = new StringBuilder();
        body.append(cards(r));
        body.append(findings(r.findings()));
        body.append("""
                <section><h2>Heap, off-heap and pauses over time</h2>
                <p class="muted">Heap used after (and before) each collection; pauses are the longest per time step, one colour per cause.
                Drag or scroll to zoom.</p>
                <div id="chart-timeline" class="chart"></div></section>
                <section><h2>Allocation rate and CPU</h2>
                <p class="muted">Allocation rate from %s.</p>
                <div id="chart-allocation" class="chart small"></div></section>
                """.formatted(r.allocation().source().equals("samples") ? "the weights of jdk.ObjectAllocationSample"
                : r.allocation().source().equals("heap") ? "heap used before each collection minus after the previous one" : "nothing: the recording has no allocation data"));
        body.append(pauses(r.gc()));
        body.append(sites(r));
        body.append(agent(r.agent()));
        body.append(offHeap(r.offHeap()));
        body.append(Html.honestLimits());
        return Html.page("Spillway report: " + fileName(rec.file()), header, body.toString(), ReportJson.toJson(r));
    }

    static String describe(Report.Recording rec) {
        StringBuilder s = new StringBuilder();
        s.append(TIME.format(Instant.ofEpochMilli(rec.startMillis()))).append(" · ").append(Units.nanos(rec.durationNanos()));
        if (rec.jvmVersion() != null) {
            s.append(" · ").append(rec.jvmVersion().lines().findFirst().orElse(""));
        }
        if (rec.youngCollector() != null) {
            s.append(" · ").append(rec.youngCollector()).append(" / ").append(rec.oldCollector());
        }
        if (rec.regionSize() > 0) {
            s.append(" · region ").append(Units.bytes(rec.regionSize()));
        }
        if (rec.maxHeap() > 0) {
            s.append(" · max heap ").append(Units.bytes(rec.maxHeap()));
        }
        s.append(" · ").append(Units.bytes(rec.fileBytes())).append(", JFR ").append(rec.jfrVersion());
        return s.toString();
    }

    static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private static String cards(Report r) {
        Report.Gc gc = r.gc();
        StringBuilder s = new StringBuilder("<section><h2>Summary</h2><div class=\"cards\">");
        card(s, "GC collections", String.valueOf(gc.collections()), Units.percent(gc.pauseShareOfWallTime()) + " of wall time paused");
        card(s, "Total pause", Units.nanos(gc.totalPauseNanos()), "max " + Units.nanos(gc.maxPauseNanos()));
        card(s, "Pause p50 / p99", Units.nanos(gc.p50PauseNanos()) + " / " + Units.nanos(gc.p99PauseNanos()), "per collection");
        card(s, "Humongous collections", String.valueOf(gc.humongousCollections()),
                Units.percent(gc.humongousPauseShare()) + " of pause time");
        card(s, "Allocation rate", Units.rate(r.allocation().bytesPerSecond()), "from " + r.allocation().source());
        card(s, "Heap after GC", Units.bytes(r.heap().peakAfterGc()), "peak; average " + Units.bytes(r.heap().averageAfterGc()));
        if (r.offHeap().present()) {
            card(s, "Off-heap used", Units.bytes(r.offHeap().peakUsedBytes()), "peak; reserved " + Units.bytes(r.offHeap().peakReservedBytes()));
        }
        if (r.agent() != null) {
            card(s, "Redirect coverage", Units.percent(r.agent().coverage().ratio()),
                    Units.bytes(r.agent().coverage().redirectedBytes()) + " of " + Units.bytes(r.agent().coverage().largeBytes()));
        }
        card(s, "Large byte[] sites", String.valueOf(r.sites().siteCount()), Units.bytes(r.sites().totalBytes()) + " from " + r.sites().source());
        return s.append("</div></section>\n").toString();
    }

    private static void card(StringBuilder s, String label, String value, String sub) {
        s.append("<div class=\"card\"><div class=\"label\">").append(escape(label)).append("</div><div class=\"value\">")
                .append(escape(value)).append("</div><div class=\"sub\">").append(escape(sub)).append("</div></div>");
    }

    static String findings(List<Report.Finding> findings) {
        StringBuilder s = new StringBuilder("<section id=\"findings\"><h2>Findings</h2>");
        if (findings.isEmpty()) {
            s.append("<p class=\"muted\">Nothing stands out.</p>");
        }
        for (Report.Finding f : findings) {
            s.append("<div class=\"finding ").append(f.severity().name()).append("\"><div class=\"title\">")
                    .append(escape(f.title())).append("</div><div>").append(escape(f.advice())).append("</div></div>");
        }
        return s.append("</section>\n").toString();
    }

    private static String pauses(Report.Gc gc) {
        StringBuilder s = new StringBuilder("<section><h2>GC pauses</h2><div class=\"row\"><div>"
                + "<div id=\"chart-histogram\" class=\"chart small\"></div></div><div class=\"scroll\">");
        groupTable(s, "By cause", gc.byCause(), "collections");
        groupTable(s, "By collector", gc.byCollector(), "collections");
        groupTable(s, "By pause phase (jdk.GCPhasePause)", gc.byPhase(), "pauses");
        if (!gc.g1Types().isEmpty()) {
            s.append("<h3>G1 collection types</h3><p>");
            gc.g1Types().forEach((k, v) -> s.append(escape(k)).append(": ").append(v).append(" &nbsp; "));
            s.append("</p>");
        }
        if (gc.humongousRegionsStarted() > 0) {
            s.append("<p>").append(gc.humongousRegionsStarted())
                    .append(" regions became the start of a humongous object (jdk.G1HeapRegionTypeChange).</p>");
        }
        if (gc.allocationStalls() > 0) {
            s.append("<p>").append(gc.allocationStalls()).append(" allocation stalls, ")
                    .append(escape(Units.nanos(gc.allocationStallNanos()))).append(" in total.</p>");
        }
        return s.append("</div></div></section>\n").toString();
    }

    private static void groupTable(StringBuilder s, String title, List<Report.Group> groups, String countLabel) {
        if (groups.isEmpty()) {
            return;
        }
        s.append("<h3>").append(escape(title)).append("</h3><table><tr><th>name</th><th class=\"num\">").append(countLabel)
                .append("</th><th class=\"num\">total pause</th><th class=\"num\">longest</th></tr>");
        for (Report.Group g : groups) {
            s.append("<tr><td>").append(escape(g.name())).append("</td><td class=\"num\">").append(g.count())
                    .append("</td><td class=\"num\">").append(escape(Units.nanos(g.totalPauseNanos())))
                    .append("</td><td class=\"num\">").append(escape(Units.nanos(g.maxPauseNanos()))).append("</td></tr>");
        }
        s.append("</table>");
    }

    private static String sites(Report r) {
        Report.Sites sites = r.sites();
        StringBuilder s = new StringBuilder("<section id=\"sites\"><h2>Large byte-array allocation sites</h2><p class=\"muted\">");
        s.append(escape(switch (sites.source()) {
            case "agent" -> "From Spillway's agent events (dev.spillway.LargeAllocation and SiteSummary), arrays of "
                    + Units.bytes(sites.thresholdBytes()) + " or more.";
            case "outside-tlab" -> "From jdk.ObjectAllocationOutsideTLAB: byte[] of " + Units.bytes(sites.thresholdBytes())
                    + " or more; the site is the top frame outside the JDK.";
            case "samples" -> "From jdk.ObjectAllocationSample of byte[] (bytes are sample weights; array sizes unknown); "
                    + "the site is the top frame outside the JDK.";
            default -> "The recording has no allocation data.";
        }));
        if (sites.regionSize() > 0) {
            s.append(" Humongous: arrays of half a region (").append(escape(Units.bytes(sites.regionSize() / 2.0))).append(") or more.");
        }
        s.append(" GC share: the site's part of all pause time by the attribution model; ")
                .append(escape(Units.nanos(sites.unattributedPauseNanos()))).append(" of pauses stay unattributed.</p>");
        if (sites.rows().isEmpty()) {
            return s.append("</section>\n").toString();
        }
        s.append("<div id=\"chart-sites\" class=\"chart\"></div><div class=\"scroll\"><table><tr><th>site</th><th>kind</th>"
                + "<th class=\"num\">bytes</th><th class=\"num\">allocations</th><th class=\"num\">largest</th><th>humongous</th>"
                + "<th class=\"num\">GC share</th><th>verdict</th><th>thread</th></tr>");
        for (Report.SiteRow row : sites.rows()) {
            s.append("<tr><td><span class=\"mono\" title=\"").append(escape(row.id())).append("\">").append(escape(row.shortName()))
                    .append("</span></td><td>").append(escape(row.kind() == null ? "" : row.kind()))
                    .append("</td><td class=\"num\">").append(escape(Units.bytes(row.bytes())))
                    .append("</td><td class=\"num\">").append(row.allocations() < 0 ? "–" : String.valueOf(row.allocations()))
                    .append("</td><td class=\"num\">").append(row.maxSize() < 0 ? "–" : escape(Units.bytes(row.maxSize())))
                    .append("</td><td>").append(row.humongous() == null ? "–" : row.humongous() ? "<span class=\"badge yes\">yes</span>" : "no")
                    .append("</td><td class=\"num\">").append(escape(Units.percent(row.gcShare())))
                    .append("</td><td>").append(verdict(row)).append("</td><td class=\"mono\">")
                    .append(escape(row.topThread())).append("</td></tr>");
        }
        return s.append("</table></div></section>\n").toString();
    }

    private static String verdict(Report.SiteRow row) {
        Report.Verdict v = row.verdict();
        if (v == null) {
            return "<span class=\"muted\">not instrumented</span>";
        }
        StringBuilder s = new StringBuilder("<span class=\"badge ").append(escape(v.verdict())).append("\">")
                .append(escape(v.verdict())).append("</span> ").append(escape(v.reason()));
        if (v.detail() != null && !v.detail().isEmpty()) {
            s.append("<br><span class=\"muted\">").append(escape(v.detail())).append("</span>");
        }
        if (v.redirectedBytes() > 0) {
            s.append("<br>redirected ").append(escape(Units.bytes(v.redirectedBytes())));
        }
        if (row.escapes() > 0) {
            s.append("<br><b>").append(row.escapes()).append(" escapes observed</b> ").append(escape(row.escapeDetail()));
        }
        return s.toString();
    }

    private static String agent(Report.Agent a) {
        if (a == null) {
            return "<section><h2>Spillway agent</h2><p class=\"muted\">The recording has no events from Spillway's agent: "
                    + "nothing was redirected. Record with <code>spillway run</code> to see verdicts per site.</p></section>\n";
        }
        Report.Coverage c = a.coverage();
        StringBuilder s = new StringBuilder("<section><h2>Spillway agent</h2><table>");
        row(s, "mode", a.mode());
        row(s, "designate", a.designate());
        row(s, "exclude", a.exclude());
        row(s, "threshold", Units.bytes(a.threshold()));
        row(s, "version", a.version());
        row(s, "redirect coverage", Units.percent(c.ratio()) + " (" + Units.bytes(c.redirectedBytes()) + " of "
                + Units.bytes(c.largeBytes()) + " large byte-array bytes)");
        row(s, "fallbacks", c.fallbackAllocations() + " allocations of proven sites served by new (allocator or recycler could not)");
        row(s, "below threshold", c.belowThresholdAllocations() + " allocations of proven sites below the threshold at run time");
        StringBuilder verdicts = new StringBuilder();
        a.verdicts().forEach((k, v) -> verdicts.append(k).append(": ").append(v).append("  "));
        row(s, "sites by verdict", verdicts.toString().trim());
        row(s, "escapes observed", String.valueOf(a.escapes()));
        return s.append("</table></section>\n").toString();
    }

    private static String offHeap(Report.OffHeap o) {
        if (!o.present()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<section><h2>Off-heap allocator</h2><p>")
                .append(o.chunksMapped()).append(" chunks mapped (").append(escape(Units.bytes(o.bytesMapped()))).append("), ")
                .append(o.chunksUnmapped()).append(" unmapped.</p>");
        if (!o.allocators().isEmpty()) {
            s.append("<table><tr><th>allocator</th><th>backing</th><th class=\"num\">used</th><th class=\"num\">peak used</th>"
                    + "<th class=\"num\">reserved</th><th class=\"num\">limit</th><th class=\"num\">allocations</th><th class=\"num\">frees</th></tr>");
            for (Report.AllocatorRow a : o.allocators()) {
                s.append("<tr><td>").append(escape(a.name())).append("</td><td>").append(escape(a.backing()))
                        .append("</td><td class=\"num\">").append(escape(Units.bytes(a.usedBytes())))
                        .append("</td><td class=\"num\">").append(escape(Units.bytes(a.peakUsedBytes())))
                        .append("</td><td class=\"num\">").append(escape(Units.bytes(a.reservedBytes())))
                        .append("</td><td class=\"num\">").append(a.limitBytes() == 0 ? "none" : escape(Units.bytes(a.limitBytes())))
                        .append("</td><td class=\"num\">").append(a.allocations()).append("</td><td class=\"num\">").append(a.frees())
                        .append("</td></tr>");
            }
            s.append("</table>");
        }
        if (!o.recyclers().isEmpty()) {
            s.append("<h3>Byte-array recyclers</h3><table><tr><th>recycler</th><th class=\"num\">pooled</th><th class=\"num\">limit</th>"
                    + "<th class=\"num\">borrows</th><th class=\"num\">hit ratio</th><th class=\"num\">discards</th></tr>");
            for (Report.RecyclerRow c : o.recyclers()) {
                s.append("<tr><td>").append(escape(c.name())).append("</td><td class=\"num\">").append(escape(Units.bytes(c.pooledBytes())))
                        .append("</td><td class=\"num\">").append(escape(Units.bytes(c.limitBytes())))
                        .append("</td><td class=\"num\">").append(c.borrows()).append("</td><td class=\"num\">")
                        .append(escape(Units.percent(c.hitRatio()))).append("</td><td class=\"num\">").append(c.discards()).append("</td></tr>");
            }
            s.append("</table>");
        }
        return s.append("</section>\n").toString();
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value == null ? "" : value)).append("</td></tr>");
    }
}
