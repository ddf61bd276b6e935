package dev.spillway.agent.telemetry;

import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/** The site report {@code sites.json}, format {@code spillway-sites/1} of docs/EVENTS.md. */
public final class SiteReport {
    /** The report's file name inside the {@code out} directory. */
    public static final String FILE_NAME = "sites.json";
    static final String FORMAT = "spillway-sites/1";

    private SiteReport() {}

    /**
     * Renders the report.
     *
     * @param run the agent's configuration
     * @param heap the JVM's heap geometry
     * @param sites every site found, including those that never ran
     * @param writtenAt the report's time stamp
     */
    public static String render(RunInfo run, HeapGeometry heap, List<SiteEntry> sites, Instant writtenAt) {
        JsonWriter json = new JsonWriter().beginObject().newline();
        json.name("format").value(FORMAT).newline();
        json.name("agentVersion").value(run.version()).newline();
        json.name("jvm").beginObject()
                .name("version").value(Runtime.version().toString())
                .name("gc").value(heap.gc())
                .name("regionSize").value(heap.regionSize())
                .endObject().newline();
        json.name("options").beginObject()
                .name("mode").value(run.mode().token())
                .name("threshold").value(run.threshold())
                .name("designate").value(run.designate().toString())
                .name("exclude").value(run.exclude().toString())
                .name("verify").value(run.verify())
                .endObject().newline();
        json.name("startedAt").value(run.startedAt().toString()).newline();
        json.name("writtenAt").value(writtenAt.toString()).newline();
        json.name("sites").beginArray().newline();
        for (SiteEntry entry : sites) {
            site(json, entry);
            json.newline();
        }
        json.endArray().newline();
        return json.endObject().newline().toString();
    }

    private static void site(JsonWriter json, SiteEntry entry) {
        Site site = entry.site();
        SiteStatistics statistics = entry.counters().snapshot();
        json.beginObject()
                .name("site").value(site.id())
                .name("className").value(site.className())
                .name("methodName").value(site.methodName())
                .name("descriptor").value(site.descriptor())
                .name("bci").value(site.bci())
                .name("line").value(site.line())
                .name("kind").value(site.kind().name())
                .name("verdict").value(entry.decision().verdict().name())
                .name("reason").value(entry.decision().reasonToken())
                .name("detail").value(entry.decision().detail())
                .name("allocations").value(statistics.allocations())
                .name("bytes").value(statistics.bytes())
                .name("largeAllocations").value(statistics.largeAllocations())
                .name("largeBytes").value(statistics.largeBytes())
                .name("humongousAllocations").value(statistics.humongousAllocations())
                .name("humongousBytes").value(statistics.humongousBytes())
                .name("redirectedAllocations").value(statistics.redirectedAllocations())
                .name("redirectedBytes").value(statistics.redirectedBytes())
                .name("fallbackAllocations").value(statistics.fallbackAllocations())
                .name("belowThresholdAllocations").value(statistics.belowThresholdAllocations())
                .name("histogram").beginArray();
        for (long count : statistics.histogram()) {
            json.value(count);
        }
        json.endArray().endObject();
    }

    /**
     * Writes the report to {@code directory/sites.json}, replacing it whole: a reader never sees half a file.
     *
     * @return the file written
     */
    public static Path write(Path directory, String report) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(FILE_NAME);
        // Named by process rather than by Files.createTempFile, whose random names load the JDK's security
        // providers at JVM exit; one process writes its report under the agent's lock.
        Path temporary = directory.resolve(".sites." + ProcessHandle.current().pid() + ".json.tmp");
        try {
            Files.writeString(temporary, report, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}
