package dev.spillway.reporter.render;

import java.util.List;
import java.util.Map;

import dev.spillway.reporter.analyze.Report;

/** Writes a {@link Report} as {@code spillway-report/1} JSON (schema: {@code report.schema.json}, docs/REPORT.md). */
public final class ReportJson {
    private ReportJson() {
    }

    public static String toJson(Report report) {
        JsonWriter json = new JsonWriter();
        write(report, json);
        return json.toString();
    }

    public static void write(Report r, JsonWriter json) {
        json.beginObject().field("format", Report.FORMAT);
        recording(r.recording(), json);
        gc(r.gc(), json);
        Report.Heap h = r.heap();
        json.name("heap").beginObject()
                .field("maxHeap", h.maxHeap()).field("peakBeforeGc", h.peakBeforeGc()).field("peakAfterGc", h.peakAfterGc())
                .field("averageAfterGc", h.averageAfterGc()).field("peakCommitted", h.peakCommitted()).endObject();
        Report.Allocation a = r.allocation();
        json.name("allocation").beginObject()
                .field("source", a.source()).field("allocatedBytes", a.allocatedBytes()).field("bytesPerSecond", a.bytesPerSecond())
                .field("byteArrayBytes", a.byteArrayBytes()).field("byteArrayShare", a.byteArrayShare()).endObject();
        offHeap(r.offHeap(), json);
        sites(r.sites(), json);
        agent(r.agent(), json);
        timelines(r.timelines(), json);
        json.name("findings").beginArray();
        for (Report.Finding f : r.findings()) {
            json.beginObject().field("rule", f.rule()).field("severity", f.severity().name())
                    .field("title", f.title()).field("advice", f.advice()).endObject();
        }
        json.endArray().endObject();
    }

    private static void recording(Report.Recording r, JsonWriter json) {
        json.name("recording").beginObject()
                .field("file", r.file()).field("fileBytes", r.fileBytes()).field("chunks", r.chunks())
                .field("jfrVersion", r.jfrVersion()).field("startMillis", r.startMillis()).field("durationNanos", r.durationNanos())
                .field("jvmVersion", r.jvmVersion()).field("youngCollector", r.youngCollector()).field("oldCollector", r.oldCollector())
                .field("regionSize", r.regionSize()).field("regionSizeSource", r.regionSizeSource()).field("maxHeap", r.maxHeap())
                .endObject();
    }

    private static void gc(Report.Gc g, JsonWriter json) {
        json.name("gc").beginObject()
                .field("collections", g.collections()).field("totalPauseNanos", g.totalPauseNanos())
                .field("p50PauseNanos", g.p50PauseNanos()).field("p99PauseNanos", g.p99PauseNanos())
                .field("maxPauseNanos", g.maxPauseNanos()).field("pauseShareOfWallTime", g.pauseShareOfWallTime())
                .field("humongousCollections", g.humongousCollections()).field("humongousPauseNanos", g.humongousPauseNanos())
                .field("humongousPauseShare", g.humongousPauseShare());
        groups("byCollector", g.byCollector(), json);
        groups("byCause", g.byCause(), json);
        groups("byPhase", g.byPhase(), json);
        json.name("g1Types").beginObject();
        g.g1Types().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.field(e.getKey(), e.getValue()));
        json.endObject();
        json.name("pauseHistogram").beginArray();
        for (Report.Bin b : g.pauseHistogram()) {
            json.beginObject().field("fromMillis", b.fromMillis()).name("toMillis").value(b.toMillis())
                    .field("count", b.count()).endObject();
        }
        json.endArray()
                .field("allocationStalls", g.allocationStalls()).field("allocationStallNanos", g.allocationStallNanos())
                .field("humongousRegionsStarted", g.humongousRegionsStarted())
                .endObject();
    }

    private static void groups(String name, List<Report.Group> groups, JsonWriter json) {
        json.name(name).beginArray();
        for (Report.Group g : groups) {
            json.beginObject().field("name", g.name()).field("count", g.count())
                    .field("totalPauseNanos", g.totalPauseNanos()).field("maxPauseNanos", g.maxPauseNanos()).endObject();
        }
        json.endArray();
    }

    private static void offHeap(Report.OffHeap o, JsonWriter json) {
        json.name("offHeap").beginObject()
                .field("present", o.present()).field("peakUsedBytes", o.peakUsedBytes()).field("peakReservedBytes", o.peakReservedBytes())
                .field("chunksMapped", o.chunksMapped()).field("chunksUnmapped", o.chunksUnmapped()).field("bytesMapped", o.bytesMapped());
        json.name("allocators").beginArray();
        for (Report.AllocatorRow a : o.allocators()) {
            json.beginObject().field("name", a.name()).field("backing", a.backing()).field("reservedBytes", a.reservedBytes())
                    .field("usedBytes", a.usedBytes()).field("peakUsedBytes", a.peakUsedBytes()).field("limitBytes", a.limitBytes())
                    .field("allocations", a.allocations()).field("frees", a.frees()).endObject();
        }
        json.endArray().name("recyclers").beginArray();
        for (Report.RecyclerRow c : o.recyclers()) {
            json.beginObject().field("name", c.name()).field("pooledBytes", c.pooledBytes()).field("limitBytes", c.limitBytes())
                    .field("borrows", c.borrows()).field("hits", c.hits()).field("misses", c.misses())
                    .field("returns", c.returns()).field("discards", c.discards()).field("hitRatio", c.hitRatio()).endObject();
        }
        json.endArray().endObject();
    }

    private static void sites(Report.Sites s, JsonWriter json) {
        json.name("sites").beginObject()
                .field("source", s.source()).field("thresholdBytes", s.thresholdBytes()).field("regionSize", s.regionSize())
                .field("totalBytes", s.totalBytes()).field("humongousBytes", s.humongousBytes())
                .field("attributedPauseNanos", s.attributedPauseNanos()).field("unattributedPauseNanos", s.unattributedPauseNanos())
                .field("siteCount", s.siteCount());
        json.name("rows").beginArray();
        for (Report.SiteRow row : s.rows()) {
            json.beginObject().field("id", row.id()).field("className", row.className()).field("methodName", row.methodName())
                    .field("descriptor", row.descriptor()).field("bci", row.bci()).field("line", row.line()).field("kind", row.kind())
                    .field("bytes", row.bytes()).field("allocations", row.allocations()).field("maxSize", row.maxSize())
                    .name("humongous").value(row.humongous()).field("humongousBytes", row.humongousBytes())
                    .field("attributedPauseNanos", row.attributedPauseNanos()).field("gcShare", row.gcShare())
                    .field("byteShare", row.byteShare()).field("topThread", row.topThread());
            Report.Verdict v = row.verdict();
            json.name("verdict");
            if (v == null) {
                json.nullValue();
            } else {
                json.beginObject().field("verdict", v.verdict()).field("reason", v.reason()).field("detail", v.detail())
                        .field("allocations", v.allocations()).field("bytes", v.bytes())
                        .field("largeAllocations", v.largeAllocations()).field("largeBytes", v.largeBytes())
                        .field("humongousAllocations", v.humongousAllocations()).field("humongousBytes", v.humongousBytes())
                        .field("redirectedAllocations", v.redirectedAllocations()).field("redirectedBytes", v.redirectedBytes())
                        .field("fallbackAllocations", v.fallbackAllocations())
                        .field("belowThresholdAllocations", v.belowThresholdAllocations()).endObject();
            }
            json.field("escapes", row.escapes()).field("escapeDetail", row.escapeDetail()).endObject();
        }
        json.endArray().endObject();
    }

    private static void agent(Report.Agent a, JsonWriter json) {
        json.name("agent");
        if (a == null) {
            json.nullValue();
            return;
        }
        Report.Coverage c = a.coverage();
        json.beginObject().field("version", a.version()).field("mode", a.mode()).field("threshold", a.threshold())
                .field("designate", a.designate()).field("exclude", a.exclude()).field("regionSize", a.regionSize())
                .field("verify", a.verify())
                .name("coverage").beginObject().field("largeBytes", c.largeBytes()).field("redirectedBytes", c.redirectedBytes())
                .field("ratio", c.ratio()).field("fallbackAllocations", c.fallbackAllocations())
                .field("belowThresholdAllocations", c.belowThresholdAllocations()).endObject();
        json.name("verdicts").beginObject();
        a.verdicts().forEach(json::field);
        json.endObject().field("escapes", a.escapes()).endObject();
    }

    private static void timelines(Report.Timelines t, JsonWriter json) {
        json.name("timelines").beginObject().field("bucketMillis", t.bucketMillis());
        points("heapAfterGc", t.heapAfterGc(), json);
        points("heapBeforeGc", t.heapBeforeGc(), json);
        points("heapCommitted", t.heapCommitted(), json);
        json.name("pausesByCause").beginArray();
        for (Report.Series s : t.pausesByCause()) {
            json.beginObject().field("name", s.name());
            points("points", s.points(), json);
            json.endObject();
        }
        json.endArray();
        points("allocationRate", t.allocationRate(), json);
        points("offHeapUsed", t.offHeapUsed(), json);
        points("offHeapReserved", t.offHeapReserved(), json);
        points("cpuJvm", t.cpuJvm(), json);
        points("cpuMachine", t.cpuMachine(), json);
        json.endObject();
    }

    static void points(String name, List<Report.Point> points, JsonWriter json) {
        json.name(name).beginArray();
        for (Report.Point p : points) {
            json.beginArray().value(p.timeMillis()).value(p.value()).endArray();
        }
        json.endArray();
    }
}
